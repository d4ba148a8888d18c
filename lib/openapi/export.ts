// Tool lists in the shapes model APIs expect, and what their definitions cost in context.
import type { JsonObject, ToolDefinition } from './types';

type Tool = Pick<ToolDefinition, 'name' | 'description' | 'inputSchema'>;

export function toOpenAiTools(tools: Tool[]) {
  return tools.map((tool) => ({
    type: 'function' as const,
    function: { name: tool.name, description: tool.description, parameters: tool.inputSchema },
  }));
}

export function toAnthropicTools(tools: Tool[]) {
  return tools.map((tool) => ({ name: tool.name, description: tool.description, input_schema: tool.inputSchema }));
}

export function toMcpTools(tools: Tool[]): { tools: { name: string; description: string; inputSchema: JsonObject }[] } {
  return { tools: tools.map((tool) => ({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema })) };
}

/**
 * Heuristic: about 4 characters of JSON per token, which is what OpenAI and Anthropic tokenizers
 * give on English prose and JSON punctuation on average. Providers add a fixed preamble per request
 * for tool use (a few hundred tokens), not counted here.
 */
export function estimateTokens(tool: Tool, inputSchemaLength?: number): number {
  const schemaLength = inputSchemaLength ?? JSON.stringify(tool.inputSchema).length;
  const envelope = '{"name":,"description":,"input_schema":}'.length;
  return Math.ceil((envelope + JSON.stringify(tool.name).length + JSON.stringify(tool.description).length + schemaLength) / 4);
}

export function estimateToolListTokens(tools: Tool[]): number {
  return tools.reduce((total, tool) => total + estimateTokens(tool), 0);
}
