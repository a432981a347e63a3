import { poolTools } from './pool-tools.js';
import { statsTools } from './stats-tools.js';
import { teamTools } from './team-tools.js';
import type { AgentPoolTool } from './tool-definition.js';
import { usageTools } from './usage-tools.js';
import { workerTools } from './worker-tools.js';
import { classifyTools, leaseTools, sessionTools, worktreeTools } from './workspace-tools.js';

/** Every tool the server can offer, in the order a client lists them. */
export const TOOL_CATALOG: readonly AgentPoolTool[] = [
  ...usageTools,
  ...workerTools,
  ...sessionTools,
  ...leaseTools,
  ...worktreeTools,
  ...classifyTools,
  ...statsTools,
  ...poolTools,
  ...teamTools,
];
