'use client';

import { useQueryClient } from '@tanstack/react-query';
import { Button } from '@/components/ui/button';
import { useAction } from '@/components/ui/use-action';
import { markNotificationsRead } from './actions';

export function MarkReadButton({ workspace, ids, label }: { workspace: string; ids?: string[]; label: string }) {
  const queryClient = useQueryClient();
  const mark = useAction(markNotificationsRead, { onSuccess: () => queryClient.invalidateQueries({ queryKey: ['notifications', workspace] }) });
  return (
    <Button size="sm" variant="secondary" disabled={mark.pending} onClick={() => mark.run({ workspace, ids })}>
      {label}
    </Button>
  );
}
