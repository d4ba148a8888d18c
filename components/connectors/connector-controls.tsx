'use client';

import { useRouter } from 'next/navigation';
import { Button, ButtonLink } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import {
  assignConnectorAction,
  confirmCredentialsOriginAction,
  deleteConnectorAction,
  setConnectorEnabledAction,
  unassignConnectorAction,
} from '@/app/(console)/w/[workspace]/providers/connectors/actions';

export function ConnectorControls({
  workspace,
  connectorId,
  enabled,
  editHref,
  name,
}: {
  workspace: string;
  connectorId: string;
  enabled: boolean;
  editHref: string;
  name: string;
}) {
  const router = useRouter();
  const toggle = useAction(setConnectorEnabledAction);
  const remove = useAction(deleteConnectorAction, { refresh: false, onSuccess: () => router.replace(`/w/${workspace}/providers/connectors`) });
  return (
    <div className="flex flex-col items-end gap-2">
      <div className="flex flex-wrap gap-2">
        <ButtonLink href={editHref} variant="secondary">
          Edit
        </ButtonLink>
        <Button variant="secondary" disabled={toggle.pending} onClick={() => toggle.run({ workspace, connectorId, enabled: !enabled })}>
          {enabled ? 'Disable' : 'Enable'}
        </Button>
        <Button
          variant="danger"
          disabled={remove.pending}
          onClick={() => {
            if (window.confirm(`Delete ${name}? Its credentials and assignments are removed.`)) remove.run({ workspace, connectorId });
          }}
        >
          Delete
        </Button>
      </div>
      <FormError message={toggle.error ?? remove.error} />
    </div>
  );
}

/** A builder's explicit, audited confirmation that the stored credentials may go to the connector's new origin. */
export function ConfirmOriginButton({ workspace, connectorId, origin }: { workspace: string; connectorId: string; origin: string }) {
  const confirm = useAction(confirmCredentialsOriginAction);
  return (
    <div className="mt-2">
      <Button
        variant="secondary"
        disabled={confirm.pending}
        onClick={() => {
          if (window.confirm(`Send the stored credentials to ${origin} from now on? Only do this if you trust that host with them.`)) confirm.run({ workspace, connectorId });
        }}
      >
        Use the stored credentials with {origin}
      </Button>
      <FormError message={confirm.error} />
    </div>
  );
}

export function AssignForm({
  workspace,
  connectorId,
  targets,
}: {
  workspace: string;
  connectorId: string;
  targets: { type: 'workflow' | 'workflow_node' | 'worker' | 'worker_skill'; id: string; label: string }[];
}) {
  const assign = useAction(assignConnectorAction);
  return (
    <form
      className="mt-4 flex items-end gap-2"
      onSubmit={onFormSubmit((form) => {
        const target = targets[Number(form.get('target'))];
        if (target) assign.run({ workspace, connectorId, target: { type: target.type, id: target.id } });
      })}
    >
      <label className="min-w-0 flex-1 text-sm font-medium text-slate-700 sm:max-w-96">
        Assign to
        <select name="target" className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm">
          {targets.map((t, i) => (
            <option key={t.id} value={i}>
              {t.label}
            </option>
          ))}
        </select>
      </label>
      <Button type="submit" variant="secondary" disabled={assign.pending}>
        Assign
      </Button>
      <FormError message={assign.error} />
    </form>
  );
}

export function UnassignButton({ workspace, assignmentId, label }: { workspace: string; assignmentId: string; label: string }) {
  const unassign = useAction(unassignConnectorAction);
  return (
    <Button size="sm" variant="ghost" disabled={unassign.pending} onClick={() => unassign.run({ workspace, assignmentId })} aria-label={`Remove assignment to ${label}`}>
      Remove
    </Button>
  );
}
