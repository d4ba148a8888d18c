// What an MCP client needs to reach /api/mcp: the endpoint URL with the context in it, and the JSON
// that Claude Desktop, Cursor and VS Code read. Shared by the API tokens page and each worker's and
// workflow's page; no React, no database.

export type McpContextIds = { workerId: string; skillId?: string } | { workflowId: string; nodeId?: string };

export const TOKEN_PLACEHOLDER = '<your API token>';

/** `<origin>/api/mcp?workerId=…` (or `?workflowId=…`), the whole context in the URL. */
export function mcpUrl(origin: string, context: McpContextIds): string {
  const url = new URL('/api/mcp', origin);
  for (const [key, value] of Object.entries(context)) if (value) url.searchParams.set(key, value);
  return url.toString();
}

/** A server name a client config accepts: lowercase letters, digits and dashes. */
export function serverName(label: string): string {
  return (
    label
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'tools'
  );
}

export type McpClient = 'claude' | 'cursor' | 'vscode';

export const MCP_CLIENTS: { id: McpClient; label: string; where: string }[] = [
  { id: 'cursor', label: 'Cursor', where: '~/.cursor/mcp.json (or .cursor/mcp.json in a project)' },
  { id: 'vscode', label: 'VS Code', where: '.vscode/mcp.json in the project' },
  { id: 'claude', label: 'Claude Desktop', where: 'claude_desktop_config.json (Settings → Developer → Edit Config); needs Node.js for npx' },
];

/**
 * The configuration each client reads, as pretty JSON. Without `token` the token is a placeholder
 * (VS Code prompts for it and keeps it in its secret storage); a token is embedded only when the
 * caller has just been shown it.
 */
export function mcpClientConfig({ client, url, name, token }: { client: McpClient; url: string; name: string; token?: string }): string {
  const bearer = `Bearer ${token ?? TOKEN_PLACEHOLDER}`;
  const id = serverName(name);
  const config =
    client === 'cursor'
      ? { mcpServers: { [id]: { url, headers: { Authorization: bearer } } } }
      : client === 'vscode'
        ? token
          ? { servers: { [id]: { type: 'http', url, headers: { Authorization: bearer } } } }
          : {
              inputs: [{ type: 'promptString', id: 'api-token', description: 'API token of the workspace (API tokens in the sidebar)', password: true }],
              servers: { [id]: { type: 'http', url, headers: { Authorization: 'Bearer ${input:api-token}' } } },
            }
        : // Claude Desktop starts stdio servers: mcp-remote bridges to the HTTP endpoint. The header goes
          // through an environment variable because some hosts split arguments at spaces.
          { mcpServers: { [id]: { command: 'npx', args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'], env: { AUTH_HEADER: bearer } } } };
  return JSON.stringify(config, null, 2);
}
