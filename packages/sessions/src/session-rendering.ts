import { AgentPoolError, extractResultBlock, type ResultBlock, turnResultBlock } from '@agentpool/core';
import type { SessionRecord, SessionTurnRecord } from '@agentpool/store';
import { createStreamRenderer, type OscEvent, type StreamRenderer } from '@agentpool/tmux-runtime';
import { continuesResumedConversation } from './resumed-turn.js';
import { adapterOf, factsOf, filesOf, type SessionContext } from './session-context.js';
import type { ResultSource } from './session-evaluator.js';
import { fileStat } from './session-files.js';
import { readSignalEvents } from './signal-reader.js';
import { currentTurnSignals, signalVerdict } from './signal-verdict.js';
import { readRange } from './stream-reader.js';

/** Lines a whole-session rendering keeps above the screen (a transcript longer than this keeps its end). */
export const TRANSCRIPT_SCROLLBACK_LINES = 20_000;
const READ_BYTES = 4 * 1024 * 1024;

/** One turn's place in the output stream: from its offset to the next turn's (or the end). */
export interface TurnSpan {
  readonly number: number;
  readonly start: number;
  readonly end: number;
  readonly startedAt: number;
  /** When the next turn started (epoch ms), or null for the current one. */
  readonly endsAt: number | null;
  /** What the turn sent (redacted). */
  readonly sentText: string;
}

/** Turn `number` of a session, or a usage error naming the turns there are. */
export function turnSpan(session: SessionRecord, turns: readonly SessionTurnRecord[], number: number, size: number): TurnSpan {
  const index = turns.findIndex((turn) => turn.number === number);
  const turn = turns[index];
  if (!Number.isInteger(number) || !turn) {
    const numbers = turns.map((known) => known.number);
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `Session ${session.id} has no turn ${number}; its turns are ${numbers.join(', ') || 'none yet'}.`,
      {
        details: { session_id: session.id, turn: number, turns: numbers },
        hint: `agentpool collect ${session.id} --turn ${numbers.at(-1) ?? 1}`,
      },
    );
  }
  const next = turns[index + 1];
  return {
    number,
    start: turn.streamOffset,
    end: next ? next.streamOffset : size,
    startedAt: Date.parse(turn.startedAt),
    endsAt: next ? Date.parse(next.startedAt) : null,
    sentText: turn.sentText,
  };
}

export interface RenderedSession {
  /** Every line the session showed, oldest first (not yet redacted). */
  readonly lines: string[];
  /** Early lines were dropped: the session showed more than the renderer keeps. */
  readonly truncated: boolean;
  /** The lines of the byte range asked for (`region`), as the terminal shows them. */
  readonly regionLines: readonly string[];
  /** The result block shown within the region, if any. */
  readonly regionBlock: ResultBlock | null;
  readonly oscEvents: readonly OscEvent[];
  readonly sizeBytes: number;
}

async function feedTo(renderer: StreamRenderer, path: string, end: number): Promise<void> {
  while (renderer.consumed < end) {
    const bytes = readRange(path, renderer.consumed, Math.min(end, renderer.consumed + READ_BYTES));
    if (bytes.length === 0) break;
    await renderer.feed(bytes);
  }
}

/**
 * Renders a session's whole output stream once, reading on the way the lines (and result block)
 * a byte range produced: what a turn, or a page of the transcript, shows.
 */
export async function renderSession(
  context: SessionContext,
  session: SessionRecord,
  region: { readonly start: number; readonly end: number; readonly number?: number | undefined },
): Promise<RenderedSession> {
  const files = filesOf(context, session.id);
  const facts = factsOf(context, session);
  const size = fileStat(files.stream)?.size ?? 0;
  const renderer = await createStreamRenderer({
    cols: facts.paneSize.cols,
    rows: facts.paneSize.rows,
    scrollback: TRANSCRIPT_SCROLLBACK_LINES,
    oscCodes: facts.signalSources.flatMap((source) => (source.kind === 'osc' ? [source.code] : [])),
  });
  try {
    const origin = renderer.mark();
    await feedTo(renderer, files.stream, Math.min(region.start, size));
    const mark = renderer.mark();
    await feedTo(renderer, files.stream, Math.min(region.end, size));
    if (region.end >= size && session.endedAt) await renderer.flush();
    const since = renderer.since(mark);
    const block = turnResultBlock(since.before, since.after, { redrawsConversation: continuesResumedConversation(session, region.number) });
    const first = firstChanged(since.before, since.after);
    await feedTo(renderer, files.stream, size);
    if (session.endedAt) await renderer.flush();
    return {
      lines: renderer.lines(),
      truncated: renderer.since(origin).truncated,
      regionLines: since.after.slice(first),
      regionBlock: block ? { text: block.text, sections: block.sections } : null,
      oscEvents: [...renderer.oscEvents],
      sizeBytes: size,
    };
  } finally {
    renderer.dispose();
  }
}

function firstChanged(before: readonly string[], after: readonly string[]): number {
  let index = 0;
  while (index < before.length && index < after.length && before[index] === after[index]) index++;
  return index;
}

/** The result block a turn's native signals carried (the worker's own final reply), if any. */
export function signalResult(
  context: SessionContext,
  session: SessionRecord,
  span: TurnSpan,
  oscEvents: readonly OscEvent[],
  sentText?: string,
): ResultBlock | null {
  const adapter = adapterOf(context, session);
  const facts = factsOf(context, session);
  const events = readSignalEvents(adapter, facts.signalSources, oscEvents).filter((event) =>
    event.at !== null ? span.endsAt === null || event.at < span.endsAt : event.streamOffset !== null && event.streamOffset < span.end,
  );
  const timeline = { startedAt: span.startedAt, streamOffset: span.start, lastInputAt: span.startedAt, sentText };
  const verdict = signalVerdict(currentTurnSignals(events, timeline), timeline);
  return verdict?.finalText ? extractResultBlock(verdict.finalText) : null;
}

/** A turn's result: the worker's own final reply when a signal carried a block, else what the screen showed. */
export function turnResult(signal: ResultBlock | null, screen: ResultBlock | null): { block: ResultBlock; source: ResultSource } | null {
  if (signal) return { block: signal, source: 'signal' };
  if (screen) return { block: screen, source: 'screen' };
  return null;
}
