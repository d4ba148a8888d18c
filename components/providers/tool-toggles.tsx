'use client';

import { useState } from 'react';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { setToolEnabled, setToolsEnabledMatching } from '@/app/(console)/w/[workspace]/providers/apis/[provider]/actions';

export function ToolToggle({ workspace, providerId, toolName, enabled }: { workspace: string; providerId: string; toolName: string; enabled: boolean }) {
  const toggle = useAction(setToolEnabled);
  // Shown at once; put back if the server refuses.
  const [on, setOn] = useState(enabled);
  return (
    <label className="inline-flex cursor-pointer items-center gap-2 text-xs text-slate-600">
      <input
        type="checkbox"
        role="switch"
        aria-label={`Tool ${toolName} enabled`}
        checked={on}
        disabled={toggle.pending}
        onChange={async (e) => {
          const next = e.target.checked;
          setOn(next);
          const result = await toggle.runAsync({ workspace, providerId, toolNames: [toolName], enabled: next }).catch(() => null);
          if (!result?.ok) setOn(!next);
        }}
        className="h-4 w-4 accent-indigo-600"
      />
      {on ? 'enabled' : 'disabled'}
    </label>
  );
}

export function BulkToolToggle({
  workspace,
  providerId,
  filter,
  count,
}: {
  workspace: string;
  providerId: string;
  filter: { tag?: string; method?: string; search?: string };
  count: number;
}) {
  const bulk = useAction(setToolsEnabledMatching);
  return (
    <span className="ml-auto flex items-center gap-2">
      <Button size="sm" variant="secondary" disabled={bulk.pending} onClick={() => bulk.run({ workspace, providerId, filter, enabled: true })}>
        Enable these {count}
      </Button>
      <Button size="sm" variant="secondary" disabled={bulk.pending} onClick={() => bulk.run({ workspace, providerId, filter, enabled: false })}>
        Disable these {count}
      </Button>
    </span>
  );
}
