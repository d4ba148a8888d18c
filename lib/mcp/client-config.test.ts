import { describe, expect, test } from 'vitest';
import { mcpClientConfig, mcpUrl, serverName, TOKEN_PLACEHOLDER } from './client-config';

const url = mcpUrl('https://tools.example.com', { workerId: '6f1c0b8e-0000-4000-8000-000000000001' });

describe('MCP client configurations', () => {
  test('the URL carries the context on this app origin', () => {
    expect(url).toBe('https://tools.example.com/api/mcp?workerId=6f1c0b8e-0000-4000-8000-000000000001');
    expect(mcpUrl('http://localhost:3000', { workflowId: 'a', nodeId: 'b' })).toBe('http://localhost:3000/api/mcp?workflowId=a&nodeId=b');
  });

  test('Cursor, VS Code and Claude Desktop get the JSON they read, with a placeholder and never a token unless given', () => {
    expect(JSON.parse(mcpClientConfig({ client: 'cursor', url, name: 'Support bot' }))).toEqual({
      mcpServers: { 'support-bot': { url, headers: { Authorization: `Bearer ${TOKEN_PLACEHOLDER}` } } },
    });
    const vscode = JSON.parse(mcpClientConfig({ client: 'vscode', url, name: 'Support bot' }));
    expect(vscode.servers['support-bot']).toEqual({ type: 'http', url, headers: { Authorization: 'Bearer ${input:api-token}' } });
    expect(vscode.inputs[0]).toMatchObject({ id: 'api-token', password: true });
    expect(JSON.parse(mcpClientConfig({ client: 'claude', url, name: 'Support bot' }))).toEqual({
      mcpServers: {
        'support-bot': { command: 'npx', args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'], env: { AUTH_HEADER: `Bearer ${TOKEN_PLACEHOLDER}` } },
      },
    });
    expect(JSON.parse(mcpClientConfig({ client: 'vscode', url, name: 'x', token: 'pis_new' })).servers.x.headers).toEqual({ Authorization: 'Bearer pis_new' });
  });

  test('server names are safe identifiers', () => {
    expect(serverName('Ünïcode  Bot / v2!')).toBe('unicode-bot-v2');
    expect(serverName('***')).toBe('tools');
  });
});
