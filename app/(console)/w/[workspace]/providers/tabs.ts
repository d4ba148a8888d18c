// The Providers section's tabs, in the order people see them.
export const providerTabs = [
  { segment: 'connectors', label: 'Your Connectors' },
  { segment: 'apis', label: 'Your API Providers' },
  { segment: 'models', label: 'LLM Models' },
  { segment: 'mcp', label: 'MCP Servers' },
  { segment: 'webhooks', label: 'Incoming Webhooks' },
  { segment: 'repository', label: 'Central Repository' },
] as const;
