import type { AgentPool } from '@agentpool/sdk';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { ToolsetName } from './tool-selection.js';
import type { UntrustedFence } from './untrusted-fence.js';

/** What a tool call gets besides its arguments. */
export interface ToolContext {
  readonly pool: AgentPool;
  readonly lockdown: boolean;
  /** Aborts when the client cancels the call or disconnects. */
  readonly signal: AbortSignal;
  /** The fence for worker text in this response (a fresh nonce per call). */
  readonly fence: UntrustedFence;
  /** Sends a progress notification when the client gave a progress token; otherwise does nothing. */
  progress(progress: number, total: number | undefined, message: string): Promise<void>;
  /** Tells the session's subscribers to look again now (after a call that changed it). */
  sessionChanged(sessionId: string): void;
}

/** A tool's result: `value` becomes structuredContent, `text` the short text content. */
export interface ToolOutput {
  readonly value: Record<string, unknown>;
  readonly text: string;
}

/** Lockdown offers a tool with one of these only when that policy key is true. */
export type LockdownPolicyKey = 'mcp_lockdown_allow_spawn' | 'mcp_lockdown_allow_send';

export interface AgentPoolTool {
  readonly name: string;
  readonly toolset: ToolsetName;
  readonly description: string;
  readonly input: z.ZodObject;
  readonly output: z.ZodObject;
  readonly annotations: ToolAnnotations;
  readonly lockdownPolicy?: LockdownPolicyKey;
  run(args: Record<string, unknown>, context: ToolContext): Promise<ToolOutput>;
}

/** Defines a tool whose `run` receives its parsed input, typed by the schema. */
export function defineTool<I extends z.ZodObject>(
  tool: Omit<AgentPoolTool, 'input' | 'run'> & { input: I; run(args: z.output<I>, context: ToolContext): Promise<ToolOutput> },
): AgentPoolTool {
  return tool as unknown as AgentPoolTool;
}
