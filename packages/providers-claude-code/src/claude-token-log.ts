import { join } from 'node:path';
import type { TokenLogFormat, TokenLogSource } from '@agentpool/core';
import { filesUnder } from '@agentpool/usage';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

interface ClaudeLogLine {
  timestamp?: unknown;
  requestId?: unknown;
  message?: { id?: unknown; usage?: Record<string, unknown> } | null;
}

/**
 * Claude Code's session logs, `<config dir>/projects/<project>/<session>.jsonl`: every assistant
 * line carries its response's `message.usage`. One response may be logged on several lines (one
 * per content block) and again in a resumed session's file: a line is counted once per
 * `message.id` + `requestId` when it has both, as ccusage does.
 */
export const claudeTokenLogFormat: TokenLogFormat<null> = {
  id: 'claude-projects',
  marker: '"usage"',
  listFiles: (root) => filesUnder(join(root, 'projects'), (name) => name.endsWith('.jsonl')),
  initialCarry: () => null,
  readLine(value) {
    const line = value as ClaudeLogLine | null;
    const usage = line?.message?.usage;
    if (!usage || typeof usage !== 'object' || typeof line?.timestamp !== 'string') return null;
    const timestamp = Date.parse(line.timestamp);
    if (Number.isNaN(timestamp)) return null;
    const input = count(usage.input_tokens);
    const output = count(usage.output_tokens);
    const cacheCreation = count(usage.cache_creation_input_tokens);
    const cacheRead = count(usage.cache_read_input_tokens);
    const id = line.message?.id;
    return {
      timestamp,
      tally: { input, output, cacheCreation, cacheRead, reasoning: 0, total: input + output + cacheCreation + cacheRead, entries: 1 },
      key: typeof id === 'string' && typeof line.requestId === 'string' ? `${id}:${line.requestId}` : null,
    };
  },
};

/** The session logs of one Claude config dir. */
export const claudeTokenLog = (configDir: string): TokenLogSource => ({ format: claudeTokenLogFormat as TokenLogFormat, root: configDir });
