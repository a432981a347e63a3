import { type LocatedResultBlock, turnResultBlock } from '@agentpool/core';
import { createStreamRenderer, type OscEvent, type RenderMark, type StreamRenderer } from '@agentpool/tmux-runtime';
import { readRange } from './stream-reader.js';

/** A turn as the terminal shows it: its lines, its result block, the screen. */
export interface TurnView {
  /** The lines from the turn's anchor (the screen's top when it began) as they were then… */
  readonly before: readonly string[];
  /** …and as they are now. */
  readonly after: readonly string[];
  /** The result block this turn delivered, or null while it has delivered none. */
  readonly block: LocatedResultBlock | null;
  /** The rendered screen now. */
  readonly screen: readonly string[];
  /** Every line shown so far (scrollback, alternate-screen history, screen). */
  readonly allLines: () => string[];
  readonly oscEvents: readonly OscEvent[];
  /** The turn's start scrolled past what the renderer keeps: `after` is everything kept. */
  readonly truncated: boolean;
}

/** A renderer kept between reads of one session (a waiting observe): only new bytes are rendered. */
export interface TurnViewCache {
  renderer: StreamRenderer | null;
  mark: RenderMark | null;
  markOffset: number;
}

export function createTurnViewCache(): TurnViewCache {
  return { renderer: null, mark: null, markOffset: -1 };
}

export interface TurnViewRequest {
  readonly stream: string;
  readonly cols: number;
  readonly rows: number;
  /** OSC codes the adapter reads signals from. */
  readonly oscCodes: readonly number[];
  /** Where the turn began, and how far to read. */
  readonly turnOffset: number;
  readonly end: number;
  /** Nothing more will be written (the session ended): render a held-back frame too. */
  readonly final: boolean;
  /** Lines kept above the screen. */
  readonly scrollback?: number | undefined;
}

/** Reads the stream in bounded pieces so a long session never needs its whole file in memory. */
const READ_BYTES = 4 * 1024 * 1024;

async function feedRange(renderer: StreamRenderer, path: string, end: number): Promise<void> {
  while (renderer.consumed < end) {
    const bytes = readRange(path, renderer.consumed, Math.min(end, renderer.consumed + READ_BYTES));
    if (bytes.length === 0) break;
    await renderer.feed(bytes);
  }
}

/**
 * Renders a session's output stream up to `end`, with a mark where the turn began, and reads the
 * turn's result block from what the screen shows. With a cache, a later read renders only the
 * bytes written since; a cache made for another turn that is already past the new turn's start
 * is rebuilt from the stream's first byte.
 */
export async function readTurnView(request: TurnViewRequest, cache: TurnViewCache = createTurnViewCache()): Promise<TurnView> {
  const stale =
    cache.renderer === null ||
    cache.renderer.consumed > request.end ||
    (cache.markOffset !== request.turnOffset && cache.renderer.consumed > request.turnOffset);
  if (stale) {
    cache.renderer?.dispose();
    cache.renderer = await createStreamRenderer({
      cols: request.cols,
      rows: request.rows,
      oscCodes: request.oscCodes,
      scrollback: request.scrollback,
    });
    cache.mark = null;
    cache.markOffset = -1;
  }
  const renderer = cache.renderer as StreamRenderer;
  if (cache.markOffset !== request.turnOffset) {
    await feedRange(renderer, request.stream, request.turnOffset);
    cache.mark = renderer.mark();
    cache.markOffset = request.turnOffset;
  }
  await feedRange(renderer, request.stream, request.end);
  if (request.final) await renderer.flush();
  const since = renderer.since(cache.mark as RenderMark);
  return {
    before: since.before,
    after: since.after,
    block: turnResultBlock(since.before, since.after),
    screen: renderer.screen(),
    allLines: () => renderer.lines(),
    oscEvents: renderer.oscEvents,
    truncated: since.truncated,
  };
}

/** Frees a cache's renderer. */
export function disposeTurnViewCache(cache: TurnViewCache): void {
  cache.renderer?.dispose();
  cache.renderer = null;
  cache.mark = null;
  cache.markOffset = -1;
}
