import { join } from 'node:path';
import type { TokenLogFormat, TokenLogSource } from '@agentpool/core';
import { filesUnder } from '@agentpool/usage';
import { isRecord } from './codex-rate-window.js';

interface CodexTokens {
  input: number;
  cached: number;
  output: number;
  reasoning: number;
  total: number;
}

/** The running totals of the rollout so far: a repeated `token_count` event is not counted twice. */
export interface CodexTokenCarry {
  previousTotal: CodexTokens | null;
}

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

function tokensOf(value: unknown): CodexTokens | null {
  if (!isRecord(value)) return null;
  const input = count(value.input_tokens);
  const output = count(value.output_tokens);
  return {
    input,
    cached: count(value.cached_input_tokens),
    output,
    reasoning: count(value.reasoning_output_tokens),
    total: typeof value.total_tokens === 'number' ? count(value.total_tokens) : input + output,
  };
}

const sameTokens = (a: CodexTokens, b: CodexTokens) =>
  a.input === b.input && a.cached === b.cached && a.output === b.output && a.reasoning === b.reasoning && a.total === b.total;

const minus = (a: CodexTokens, b: CodexTokens): CodexTokens => ({
  input: Math.max(0, a.input - b.input),
  cached: Math.max(0, a.cached - b.cached),
  output: Math.max(0, a.output - b.output),
  reasoning: Math.max(0, a.reasoning - b.reasoning),
  total: Math.max(0, a.total - b.total),
});

/**
 * Codex's rollout logs, `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-*.jsonl`: each turn writes
 * `event_msg` / `token_count` events with `info.last_token_usage` (that call) and
 * `info.total_token_usage` (the session so far). A call is counted from `last_token_usage`; an
 * event that repeats the previous running total is the same call reported again and counts
 * nothing; without `last_token_usage` the growth of the running total is counted. The same rules
 * ccusage applies, so the two agree. Cached input is reported apart from input, as ccusage does.
 */
export const codexTokenLogFormat: TokenLogFormat<CodexTokenCarry> = {
  id: 'codex-rollouts',
  marker: '"token_count"',
  // Built next to the module that holds this format (dist/); absent when run from source.
  scanWorker: new URL('./codex-token-log-worker.js', import.meta.url),
  listFiles: (root) => filesUnder(join(root, 'sessions'), (name) => name.startsWith('rollout-') && name.endsWith('.jsonl')),
  initialCarry: () => ({ previousTotal: null }),
  readLine(value, carry) {
    if (!isRecord(value) || value.type !== 'event_msg' || !isRecord(value.payload)) return null;
    const payload = value.payload;
    if (payload.type !== 'token_count' || !isRecord(payload.info) || typeof value.timestamp !== 'string') return null;
    const timestamp = Date.parse(value.timestamp);
    if (Number.isNaN(timestamp)) return null;
    const total = tokensOf(payload.info.total_token_usage);
    const last = tokensOf(payload.info.last_token_usage);
    const previous = carry.previousTotal;
    if (total && previous && sameTokens(total, previous)) return null;
    if (total) carry.previousTotal = total;
    const used = last ?? (total ? (previous ? minus(total, previous) : total) : null);
    if (!used) return null;
    return {
      timestamp,
      tally: {
        input: Math.max(0, used.input - used.cached),
        cacheRead: used.cached,
        cacheCreation: 0,
        output: used.output,
        reasoning: used.reasoning,
        total: used.input + used.output,
        entries: 1,
      },
    };
  },
};

/** The rollout logs of one CODEX_HOME. */
export const codexTokenLog = (codexHome: string): TokenLogSource => ({ format: codexTokenLogFormat as TokenLogFormat, root: codexHome });
