import { join } from 'node:path';
import type { TokenLogFormat, TokenLogSource } from '@agentpool/core';
import { filesUnder } from '@agentpool/usage';

const count = (value: unknown): number => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : 0);

const MESSAGE_OPEN = Buffer.from('"message":{');
const CONTENT_OPEN = Buffer.from('"content":[');
const CONTENT_CLOSE = Buffer.from('],"stop_reason"');

/**
 * Parses an assistant line without its `message.content` (the bulk of it: text, thinking, tool
 * calls), which says nothing about tokens: `message` is written as id, type, role, model,
 * content, stop_reason, …, usage, so the first `"content":[` after `"message":{` opens it and the
 * last `],"stop_reason"` closes it (inside a string value a quote is escaped, so neither can come
 * from text). Only the bytes around it are decoded; what is left must still be whole JSON, so a
 * cut-off line still throws. Any other line is parsed whole. latin1 decoding keeps every JSON
 * delimiter in place (UTF-8 multi-byte sequences hold no ASCII bytes) and is faster than UTF-8.
 */
function parseWithoutContent(line: Buffer): unknown {
  const message = line.indexOf(MESSAGE_OPEN);
  const open = message === -1 ? -1 : line.indexOf(CONTENT_OPEN, message);
  const close = open === -1 ? -1 : line.lastIndexOf(CONTENT_CLOSE);
  if (close <= open) return JSON.parse(line.toString('latin1'));
  return JSON.parse(line.toString('latin1', 0, open + CONTENT_OPEN.length) + line.toString('latin1', close));
}

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
  // Built next to the module that holds this format (dist/); absent when run from source.
  scanWorker: new URL('./claude-token-log-worker.js', import.meta.url),
  listFiles: (root) => filesUnder(join(root, 'projects'), (name) => name.endsWith('.jsonl')),
  parseLine: parseWithoutContent,
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
