import { RegistrationDetail } from '@/components/connectors/registrations';
import { McpClientConfig } from '@/components/api-tokens/mcp-client-config';
import { Card } from '@/components/ui/card';
import { mcpUrl } from '@/lib/mcp/client-config';
import { readRegistrationDetail } from '@/server/registrations';
import { appOrigin } from '@/server/request';

export default async function WorkflowPage({ params }: { params: Promise<{ workspace: string; workflowId: string }> }) {
  const { workspace, workflowId } = await params;
  const detail = await readRegistrationDetail({ workspace, kind: 'workflow', id: workflowId });
  const url = mcpUrl(await appOrigin(), { workflowId: detail.item.id });
  return (
    <div className="space-y-6">
      <RegistrationDetail {...detail} />
      <Card
        title="Connect an MCP client"
        description="This workflow's tools over MCP: the URL names the workflow; an API token (an admin creates one under API tokens in the sidebar) goes in the Authorization header."
      >
        <McpClientConfig url={url} name={detail.item.name} />
      </Card>
    </div>
  );
}
