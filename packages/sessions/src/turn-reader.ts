import { type LocatedResultBlock, turnResultBlock } from '@agentpool/core';
import { createStreamRenderer, type OscEvent, type RenderMark, type StreamRenderer } from '@agentpool/tmux-runtime';
import { readRange } from './stream-reader.js';

/**
 * A turn as the terminal shows it. Rendering the bytes is done when the view is read; turning
 * lines back into text happens only for what is asked (the block, the screen), so a look that
 * needs neither costs only the new bytes.
 */
export interface TurnView {
  /** The result block this turn delivered, or null while it has delivered none. */
  block(): LocatedResultBlock | null;
  /** The rendered screen now. */
  screen(): readonly string[];
  /** Every line shown so far (scrollback, alternate-screen history, screen). */
  allLines(): string[];
  readonly oscEvents: readonly OscEvent[];
}

/**
 * How many of a turn's last lines are searched for its result block: the block ends the final
 * reply, so it is always among them (with the screen), and a look costs the same however long the
 * turn has run.
 */
export const RESULT_SEARCH_LINES = 400;

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
  /** The turn continues a resumed conversation the CLI may draw again (see TurnResultOptions). */
  readonly redrawsConversation?: boolean | undefined;
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
  const mark = cache.mark as RenderMark;
  let block: LocatedResultBlock | null | undefined;
  return {
    block() {
      if (block === undefined) {
        const since = renderer.since(mark, { tailLines: Math.max(RESULT_SEARCH_LINES, request.rows * 2) });
        block = turnResultBlock(since.before, since.after, { redrawsConversation: request.redrawsConversation });
      }
      return block;
    },
    screen: () => renderer.screen(),
    allLines: () => renderer.lines(),
    oscEvents: renderer.oscEvents,
  };
}

/** Frees a cache's renderer. */
export function disposeTurnViewCache(cache: TurnViewCache): void {
  cache.renderer?.dispose();
  cache.renderer = null;
  cache.mark = null;
  cache.markOffset = -1;
}
