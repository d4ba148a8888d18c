'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { CopyButton } from '@/components/ui/copy-button';
import { FieldErrors, FormError, TextField } from '@/components/ui/field';
import { onFormSubmit, useAction } from '@/components/ui/use-action';
import { createApiTokenAction, revokeApiTokenAction } from '@/app/(console)/w/[workspace]/settings/api-tokens/actions';
import type { ApiScope } from '@/db/schema';
import { McpContextConfig, type McpContextOption } from './mcp-client-config';

const scopes: { value: ApiScope; label: string }[] = [
  { value: 'tools:read', label: 'tools:read — list tools, workers and workflows' },
  { value: 'tools:invoke', label: 'tools:invoke — call tools (REST and MCP) through shared connectors' },
  {
    value: 'tools:invoke:on-behalf',
    label: 'tools:invoke:on-behalf — act for a named member (userId, x-user-id): their own key or OAuth connection, their connect link and status',
  },
  { value: 'connectors:resolve', label: 'connectors:resolve — ask which connector a call would use' },
  { value: 'models:read', label: 'models:read — read models and estimate costs' },
  { value: 'platform:write', label: 'platform:write — register workers and workflows' },
];

export function ApiTokenForm({ workspace, contexts = [] }: { workspace: string; contexts?: McpContextOption[] }) {
  const [shown, setShown] = useState<string | null>(null);
  const create = useAction(createApiTokenAction, { onSuccess: (data) => setShown(data.token) });
  return (
    <div className="space-y-4">
      <form
        className="space-y-3"
        onSubmit={onFormSubmit((form) =>
          create.run({
            workspace,
            name: String(form.get('name') ?? ''),
            scopes: form.getAll('scopes').map(String) as ApiScope[],
            expiresInDays: String(form.get('expiresInDays') ?? '') as never,
          }),
        )}
      >
        <div className="grid gap-3 sm:grid-cols-2">
          <TextField label="Name" name="name" placeholder="support-bot runtime" errors={create.fields.name} />
          <TextField label="Expires after (days)" name="expiresInDays" inputMode="numeric" placeholder="never" errors={create.fields.expiresInDays} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-700">Scopes</legend>
          {scopes.map((s) => (
            <label key={s.value} className="mt-1 flex items-center gap-2 text-sm">
              <input type="checkbox" name="scopes" value={s.value} defaultChecked={s.value === 'tools:read' || s.value === 'tools:invoke'} className="accent-indigo-600" />{' '}
              {s.label}
            </label>
          ))}
          <FieldErrors errors={create.fields.scopes} />
        </fieldset>
        <Button type="submit" disabled={create.pending}>
          Create token
        </Button>
      </form>
      <FormError message={create.error} />
      {shown ? (
        <div role="status" className="rounded-md border border-green-200 bg-green-50 p-3 text-sm">
          <p className="font-medium text-green-900">Copy the token now: it is not shown again.</p>
          <div className="mt-2 flex items-center gap-2">
            <input
              readOnly
              aria-label="New API token"
              value={shown}
              className="w-full rounded border border-green-300 bg-white px-2 py-1 font-mono text-xs"
              onFocus={(e) => e.target.select()}
            />
            <CopyButton text={shown} aria-label="Copy the token">
              Copy
            </CopyButton>
          </div>
          {contexts.length ? (
            <div className="mt-3 border-t border-green-200 pt-3">
              <p className="mb-2 font-medium text-green-900">Connect an MCP client with this token</p>
              <McpContextConfig contexts={contexts} token={shown} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

export function RevokeTokenButton({ workspace, tokenId, name }: { workspace: string; tokenId: string; name: string }) {
  const revoke = useAction(revokeApiTokenAction);
  return (
    <Button
      size="sm"
      variant="secondary"
      disabled={revoke.pending}
      onClick={() => window.confirm(`Revoke ${name}? Clients using it stop working at once.`) && revoke.run({ workspace, tokenId })}
    >
      Revoke
    </Button>
  );
}
