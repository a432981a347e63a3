import { AgentPoolError, redact } from '@agentpool/core';
import { filesOf, type SessionContext } from './session-context.js';
import { fileStat } from './session-files.js';
import { renderSession } from './session-rendering.js';

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
  /** What the terminal showed, as plain text, redacted. */
  readonly text: string;
  /** The session showed more lines than a transcript keeps; the earliest are missing. */
  readonly truncated: boolean;
}

const DEFAULT_RANGE_BYTES = 64 * 1024;
const MAX_RANGE_BYTES = 4 * 1024 * 1024;

function checkCount(value: number | undefined, name: string, min: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min)) {
    throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', `--${name} must be a whole number ≥ ${min}, got ${value}.`, {
      hint: 'agentpool transcript <session-id> --tail-lines 80',
    });
  }
}

/**
 * Reads a session's output as the terminal showed it (rendered, redacted): its last lines, or the
 * lines a byte range of the raw stream produced or changed — each page read in the context of
 * everything before it, so a program that redraws its screen pages as readable lines.
 */
export async function readTranscript(context: SessionContext, request: TranscriptRequest): Promise<TranscriptPage> {
  const session = await context.store.sessions.require(request.sessionId);
  checkCount(request.offset, 'offset', 0);
  checkCount(request.limit, 'limit', 1);
  checkCount(request.tailLines, 'tail-lines', 1);
  if (request.tailLines !== undefined && (request.offset !== undefined || request.limit !== undefined)) {
    throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', 'Use either --offset/--limit or --tail-lines, not both.', {
      hint: 'agentpool transcript <session-id> --offset 0 --limit 65536',
    });
  }
  const size = fileStat(filesOf(context, request.sessionId).stream)?.size ?? 0;
  if (request.offset !== undefined || request.limit !== undefined) {
    const offset = request.offset ?? 0;
    if (offset > size) {
      throw new AgentPoolError('INVALID_TRANSCRIPT_RANGE', `Offset ${offset} is past the end of the transcript (${size} bytes).`, {
        details: { offset, size_bytes: size },
        hint: `agentpool transcript ${request.sessionId} --offset 0 --limit 65536`,
      });
    }
    const end = Math.min(size, offset + Math.min(request.limit ?? DEFAULT_RANGE_BYTES, MAX_RANGE_BYTES));
    const rendered = await renderSession(context, session, { start: offset, end });
    return {
      mode: 'range',
      offset,
      nextOffset: end,
      hasMore: end < size,
      sizeBytes: size,
      text: redact(rendered.regionLines.join('\n')),
      truncated: rendered.truncated,
    };
  }
  const lines = request.tailLines ?? 80;
  const rendered = await renderSession(context, session, { start: size, end: size });
  return {
    mode: 'tail',
    offset: 0,
    nextOffset: size,
    hasMore: false,
    sizeBytes: size,
    text: redact(rendered.lines.slice(-lines).join('\n')),
    truncated: rendered.truncated,
  };
}
