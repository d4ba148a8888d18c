import { Badge } from '@/components/ui/card';
import type { ConnectorStatus } from '@/db/schema';

export function ConnectorStatusBadge({ status, reason }: { status: ConnectorStatus; reason?: string | null }) {
  const tone = status === 'active' ? 'green' : status === 'disabled' ? 'slate' : 'amber';
  const label = status === 'active' ? 'active' : status === 'disabled' ? 'disabled' : 'needs attention';
  return (
    <span title={reason ?? undefined}>
      <Badge tone={tone}>{label}</Badge>
    </span>
  );
}
