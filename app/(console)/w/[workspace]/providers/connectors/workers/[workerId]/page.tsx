import { RegistrationDetail } from '@/components/connectors/registrations';
import { McpClientConfig } from '@/components/api-tokens/mcp-client-config';
import { Card } from '@/components/ui/card';
import { mcpUrl } from '@/lib/mcp/client-config';
import { readRegistrationDetail } from '@/server/registrations';
import { appOrigin } from '@/server/request';

export default async function WorkerPage({ params }: { params: Promise<{ workspace: string; workerId: string }> }) {
  const { workspace, workerId } = await params;
  const detail = await readRegistrationDetail({ workspace, kind: 'worker', id: workerId });
  const url = mcpUrl(await appOrigin(), { workerId: detail.item.id });
  return (
    <div className="space-y-6">
      <RegistrationDetail {...detail} />
      <Card
        title="Connect an MCP client"
        description="This worker's tools over MCP: the URL names the worker; an API token (an admin creates one under API tokens in the sidebar) goes in the Authorization header."
      >
        <McpClientConfig url={url} name={detail.item.name} />
      </Card>
    </div>
  );
}
