import { AgentPoolError, redact, terminalToText } from '@agentpool/core';
import { filesOf, type SessionContext } from './session-context.js';
import { fileStat } from './session-files.js';
import { readRange } from './stream-reader.js';

export interface TranscriptRequest {
  readonly sessionId: string;
  /** Byte offset in the raw stream; with `limit`, reads a range. */
  readonly offset?: number | undefined;
  readonly limit?: number | undefined;
  /** The last N lines (the default mode, 80 lines). */
  readonly tailLines?: number | undefined;
}

export interface TranscriptPage {
  readonly mode: 'range' | 'tail';
  readonly offset: number;
  readonly nextOffset: number;
  readonly hasMore: boolean;
  readonly sizeBytes: number;
  /** Terminal output as plain text, redacted. */
  readonly text: string;
}

const DEFAULT_RANGE_BYTES = 64 * 1024;
const MAX_RANGE_BYTES = 4 * 1024 * 1024;
const TAIL_SCAN_BYTES = 2 * 1024 * 1024;

function checkCount(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', `--${name} must be a whole number ≥ ${min}, got ${value}.`, {
      hint: 'agentpool transcript <session-id> --tail-lines 80',
    });
  }
}

/** Reads a session's output: a byte range of the raw stream, or its last lines, as redacted plain text. */
export async function readTranscript(context: SessionContext, request: TranscriptRequest): Promise<TranscriptPage> {
  await context.store.sessions.require(request.sessionId);
  checkCount(request.offset, 'offset', 0);
  checkCount(request.limit, 'limit', 1);
  checkCount(request.tailLines, 'tail-lines', 1);
  if (request.tailLines !== undefined && (request.offset !== undefined || request.limit !== undefined)) {
    throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', 'Use either --offset/--limit or --tail-lines, not both.', {
      hint: 'agentpool transcript <session-id> --offset 0 --limit 65536',
    });
  }
  const stream = filesOf(context, request.sessionId).stream;
  const size = fileStat(stream)?.size ?? 0;
  if (request.offset !== undefined || request.limit !== undefined) {
    const offset = request.offset ?? 0;
    if (offset > size) {
      throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', `Offset ${offset} is past the end of the transcript (${size} bytes).`, {
        details: { offset, size_bytes: size },
        hint: `agentpool transcript ${request.sessionId} --offset 0 --limit 65536`,
      });
    }
    const end = Math.min(size, offset + Math.min(request.limit ?? DEFAULT_RANGE_BYTES, MAX_RANGE_BYTES));
    const bytes = readRange(stream, offset, end);
    return {
      mode: 'range',
      offset,
      nextOffset: end,
      hasMore: end < size,
      sizeBytes: size,
      text: redact(terminalToText(bytes.toString('utf8'))),
    };
  }
  const lines = request.tailLines ?? 80;
  const start = Math.max(0, size - TAIL_SCAN_BYTES);
  const text = terminalToText(readRange(stream, start, size).toString('utf8'));
  const all = text.split('\n').map((line) => line.replace(/\s+$/, ''));
  while (all.length > 0 && all[all.length - 1] === '') all.pop();
  const tail = all.slice(-lines);
  return { mode: 'tail', offset: start, nextOffset: size, hasMore: false, sizeBytes: size, text: redact(tail.join('\n')) };
}
