import { findResultBlocks, type LocatedResultBlock, RESULT_END } from './result-block.js';

/**
 * A turn's output, read from rendered terminal lines. `before` holds the lines the terminal showed
 * when the turn began and `after` the lines it shows now, both counted from the same anchor (the
 * top of the screen at the turn's start): lines that still read as they did belong to the past,
 * and the turn's output begins at the first line that changed. Full-screen programs redraw their
 * input box and footer in place, so the turn begins where that box used to be.
 */
export interface TurnRegion {
  /** Index in `after` where the turn's output begins. */
  readonly start: number;
  /** The turn's lines: `after` from `start` on. */
  readonly lines: readonly string[];
}

export function turnRegion(before: readonly string[], after: readonly string[]): TurnRegion {
  const limit = Math.min(before.length, after.length);
  let start = 0;
  while (start < limit && before[start] === after[start]) start++;
  return { start, lines: after.slice(start) };
}

export interface TurnResultOptions {
  /**
   * The turn continues a resumed conversation, which the CLI may draw again once the turn starts
   * (Claude Code 2.1.197 after `--resume`), at other lines than before: a block the screen showed
   * when the turn began is an earlier one wherever it appears now.
   */
  readonly redrawsConversation?: boolean | undefined;
}

/**
 * The result block the current turn delivered, or null while it has delivered none. A block counts
 * when it ends inside the turn's region and is not one the screen already showed, at the same
 * place, when the turn began: an earlier turn's block that is still on screen never answers a new
 * turn. Nor does one the screen was still drawing then (its start marker shown, its end not yet):
 * input sent while a reply is being written is queued, and that reply then ends in the new turn.
 */
export function turnResultBlock(
  before: readonly string[],
  after: readonly string[],
  options: TurnResultOptions = {},
): LocatedResultBlock | null {
  const region = turnRegion(before, after);
  const keyOf = (block: LocatedResultBlock) => (options.redrawsConversation ? block.text : `${block.startLine}\n${block.text}`);
  const earlier = new Set(findResultBlocks(before).map(keyOf));
  // A block open at the turn's start reads as complete once an end marker is added after it.
  const open = findResultBlocks([...before, RESULT_END]).find((block) => block.endLine === before.length);
  const blocks = findResultBlocks(after);
  for (let index = blocks.length - 1; index >= 0; index--) {
    const block = blocks[index];
    if (!block || block.endLine < region.start || block.startLine === open?.startLine) continue;
    if (!earlier.has(keyOf(block))) return block;
  }
  return null;
}
