import { describe, expect, it } from 'vitest';
import { mcpServerOptions, selectTools, TOOL_CATALOG } from '../src/index.js';

const DEFAULT_TOOLS = [
  'get_inventory',
  'get_usage_summary',
  'get_usage_snapshot',
  'get_cached_usage_snapshot',
  'get_provider_models',
  'get_delegation_preferences',
  'spawn_worker',
  'observe_worker',
  'poll_worker',
  'send_worker_message',
  'interrupt_worker',
  'collect_worker_artifacts',
  'get_artifact_manifest',
  'read_worker_transcript',
  'terminate_worker',
];

function refusal(run: () => unknown): { code: string; message: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    return error as { code: string; message: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('tool selection', () => {
  it('offers the default toolset when nothing is chosen', () => {
    expect(selectTools(TOOL_CATALOG, {})).toEqual(DEFAULT_TOOLS);
  });

  it('adds opt-in toolsets and single tools; single tools alone are exactly those', () => {
    const withSessions = selectTools(TOOL_CATALOG, { toolsets: ['default', 'sessions'] });
    expect(withSessions).toEqual([...DEFAULT_TOOLS, 'list_sessions', 'get_session', 'attach_info', 'send_worker_keys']);
    expect(selectTools(TOOL_CATALOG, { toolsets: ['worktrees'], tools: ['get_inventory'] })).toEqual([
      'get_inventory',
      'list_worktrees',
      'cleanup_worktrees',
    ]);
    expect(selectTools(TOOL_CATALOG, { tools: ['poll_worker', 'get_inventory'] })).toEqual(['get_inventory', 'poll_worker']);
    expect(selectTools(TOOL_CATALOG, { toolsets: ['all'] })).toHaveLength(TOOL_CATALOG.length);
  });

  it('refuses an unknown toolset or tool, naming the valid ones', () => {
    const toolset = refusal(() => selectTools(TOOL_CATALOG, { toolsets: ['default', 'squads'] }));
    expect(toolset.code).toBe('INVALID_REQUEST');
    expect(toolset.message).toContain('"squads"');
    expect(toolset.details.valid).toEqual(['default', 'sessions', 'leases', 'worktrees', 'classify', 'stats', 'pool', 'teams', 'all']);
    const tool = refusal(() => selectTools(TOOL_CATALOG, { tools: ['spawn'] }));
    expect(tool.code).toBe('INVALID_REQUEST');
    expect(tool.details.valid).toContain('spawn_worker');
  });

  it('reads AGENTPOOL_MCP_TOOLSETS, AGENTPOOL_MCP_TOOLS and AGENTPOOL_MCP_LOCKDOWN; flags win', () => {
    const env = { AGENTPOOL_MCP_TOOLSETS: 'default, leases', AGENTPOOL_MCP_TOOLS: 'get_session', AGENTPOOL_MCP_LOCKDOWN: '1' };
    expect(mcpServerOptions({}, env)).toEqual({ toolsets: ['default', 'leases'], tools: ['get_session'], lockdown: true });
    expect(mcpServerOptions({ toolsets: 'classify' }, env).toolsets).toEqual(['classify']);
    expect(mcpServerOptions({}, {})).toEqual({ toolsets: undefined, tools: undefined, lockdown: false });
    expect(refusal(() => mcpServerOptions({}, { AGENTPOOL_MCP_LOCKDOWN: 'maybe' })).code).toBe('INVALID_REQUEST');
  });
});
