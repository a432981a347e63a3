import { AgentPoolError, echoValue } from '@agentpool/core';
import type { McpServerOptions } from './mcp-server.js';
import { nameList } from './tool-selection.js';

const TRUE = ['1', 'true', 'yes', 'on'];
const FALSE = ['', '0', 'false', 'no', 'off'];

/** What the command line gave; each wins over its environment variable. */
export interface McpFlags {
  readonly toolsets?: string | undefined;
  readonly tools?: string | undefined;
  readonly lockdown?: boolean | undefined;
}

/** Server options from flags and AGENTPOOL_MCP_TOOLSETS / AGENTPOOL_MCP_TOOLS / AGENTPOOL_MCP_LOCKDOWN. */
export function mcpServerOptions(flags: McpFlags, env: Readonly<Record<string, string | undefined>>): McpServerOptions {
  const lockdownValue = (env.AGENTPOOL_MCP_LOCKDOWN ?? '').trim().toLowerCase();
  if (!TRUE.includes(lockdownValue) && !FALSE.includes(lockdownValue)) {
    throw new AgentPoolError('INVALID_REQUEST', `AGENTPOOL_MCP_LOCKDOWN must be 1 or 0, got "${echoValue(lockdownValue, 40)}".`, {
      details: { variable: 'AGENTPOOL_MCP_LOCKDOWN' },
      hint: 'AGENTPOOL_MCP_LOCKDOWN=1 agentpool mcp',
    });
  }
  return {
    toolsets: nameList(flags.toolsets ?? env.AGENTPOOL_MCP_TOOLSETS),
    tools: nameList(flags.tools ?? env.AGENTPOOL_MCP_TOOLS),
    lockdown: flags.lockdown === true || TRUE.includes(lockdownValue),
  };
}
