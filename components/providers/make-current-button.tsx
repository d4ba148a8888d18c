'use client';

import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { makeCurrent } from '@/app/(console)/w/[workspace]/providers/apis/[provider]/actions';

export function MakeCurrentButton({ workspace, providerId, versionId, number }: { workspace: string; providerId: string; versionId: string; number: number }) {
  const action = useAction(makeCurrent);
  return (
    <span>
      <Button
        size="sm"
        variant="secondary"
        disabled={action.pending}
        onClick={() => action.run({ workspace, providerId, versionId })}
        aria-label={`Make version ${number} current`}
      >
        Make current
      </Button>
      {action.error ? (
        <span role="alert" className="ml-2 text-xs text-red-600">
          {action.error}
        </span>
      ) : null}
    </span>
  );
}
