import { AgentPoolError, echoValue } from '@agentpool/core';

/** The toolsets a server can offer; `default` is what a server offers when nothing is chosen. */
export const TOOLSET_NAMES = ['default', 'sessions', 'leases', 'worktrees', 'classify', 'stats', 'pool', 'teams'] as const;
export type ToolsetName = (typeof TOOLSET_NAMES)[number];

/** What a tool needs to be selected: its name and the toolset it belongs to. */
export interface SelectableTool {
  readonly name: string;
  readonly toolset: ToolsetName;
}

export interface ToolSelectionRequest {
  /** Toolset names, or `all`. Absent: `default` (unless `tools` is given). */
  readonly toolsets?: readonly string[] | undefined;
  /** Single tools: with `toolsets`, added to theirs; alone, exactly these. */
  readonly tools?: readonly string[] | undefined;
}

/** `a, b,,c` → `['a', 'b', 'c']`; absent or blank → undefined. */
export function nameList(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const names = value
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  return names.length > 0 ? names : undefined;
}

/**
 * The names of the tools a request selects, in catalog order. An unknown toolset or tool is refused
 * with the valid names: a server never starts with a selection it did not understand.
 */
export function selectTools(catalog: readonly SelectableTool[], request: ToolSelectionRequest): string[] {
  const validToolsets = [...TOOLSET_NAMES, 'all'];
  for (const name of request.toolsets ?? []) {
    if (!validToolsets.includes(name)) {
      throw new AgentPoolError('INVALID_REQUEST', `Unknown MCP toolset "${echoValue(name, 60)}"; valid: ${validToolsets.join(', ')}.`, {
        details: { toolset: echoValue(name, 60), valid: validToolsets },
        hint: 'agentpool mcp --toolsets default,sessions',
      });
    }
  }
  const names = catalog.map((tool) => tool.name);
  for (const name of request.tools ?? []) {
    if (!names.includes(name)) {
      throw new AgentPoolError('INVALID_REQUEST', `Unknown MCP tool "${echoValue(name, 60)}"; valid: ${names.join(', ')}.`, {
        details: { tool: echoValue(name, 60), valid: names },
        hint: 'agentpool mcp --tools get_inventory,get_usage_summary',
      });
    }
  }
  const toolsets = request.toolsets ?? (request.tools ? [] : ['default']);
  const all = toolsets.includes('all');
  return catalog
    .filter((tool) => all || toolsets.includes(tool.toolset) || (request.tools ?? []).includes(tool.name))
    .map((tool) => tool.name);
}
