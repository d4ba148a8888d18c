'use client';

import { useId, useState } from 'react';
import { CopyButton } from '@/components/ui/copy-button';
import { MCP_CLIENTS, mcpClientConfig, type McpClient } from '@/lib/mcp/client-config';

/**
 * The configuration an MCP client reads to reach one context's tools, for Cursor, VS Code and Claude
 * Desktop, each copyable. The token is a placeholder unless `token` is given (right after creating it).
 */
export function McpClientConfig({ url, name, token }: { url: string; name: string; token?: string }) {
  const [client, setClient] = useState<McpClient>('cursor');
  const id = useId();
  const chosen = MCP_CLIENTS.find((c) => c.id === client)!;
  const config = mcpClientConfig({ client, url, name, token });
  return (
    <div className="space-y-2 text-sm">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-700">Endpoint</span>
        <code className="break-all rounded bg-slate-100 px-1.5 py-0.5 text-xs" aria-label="MCP endpoint URL">
          {url}
        </code>
        <CopyButton text={url} aria-label="Copy the endpoint URL" />
      </div>
      <div role="tablist" aria-label="MCP client" className="flex flex-wrap gap-1">
        {MCP_CLIENTS.map((c) => (
          <button
            key={c.id}
            type="button"
            role="tab"
            aria-selected={c.id === client}
            aria-controls={`${id}-panel`}
            onClick={() => setClient(c.id)}
            className={`rounded-md px-2.5 py-1 text-xs font-medium ${c.id === client ? 'bg-indigo-600 text-white' : 'border border-slate-300 bg-white text-slate-700 hover:bg-slate-50'}`}
          >
            {c.label}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`${id}-panel`} className="space-y-1">
        <p className="text-xs text-slate-600">
          Add to {chosen.where}.{token ? ' It holds the new token: keep it private.' : ' Replace the placeholder with an API token with the tools:read and tools:invoke scopes.'}
        </p>
        <pre aria-label={`${chosen.label} configuration`} className="max-w-full overflow-x-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100">
          {config}
        </pre>
        <CopyButton text={config} aria-label={`Copy ${chosen.label} configuration`}>
          {`Copy ${chosen.label} configuration`}
        </CopyButton>
      </div>
    </div>
  );
}

export type McpContextOption = { label: string; name: string; url: string };

/** A choice of worker or workflow, then its client configuration. */
export function McpContextConfig({ contexts, token }: { contexts: McpContextOption[]; token?: string }) {
  const [index, setIndex] = useState(0);
  const id = useId();
  const chosen = contexts[index];
  if (!chosen) {
    return (
      <p className="text-sm text-slate-600">No AI worker or workflow is registered yet. Once one is, its page and this one give the URL and client configuration for its tools.</p>
    );
  }
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <label htmlFor={`${id}-context`} className="font-medium text-slate-700">
          Tools of
        </label>
        <select id={`${id}-context`} value={index} onChange={(e) => setIndex(Number(e.target.value))} className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm">
          {contexts.map((c, i) => (
            <option key={c.url} value={i}>
              {c.label}
            </option>
          ))}
        </select>
      </div>
      <McpClientConfig url={chosen.url} name={chosen.name} token={token} />
    </div>
  );
}
