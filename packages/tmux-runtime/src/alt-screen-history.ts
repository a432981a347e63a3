/**
 * The alternate screen (where full-screen programs draw) has no scrollback: a line that scrolls
 * out of it is gone. This keeps those lines. Between two frames it finds how far the content
 * scrolled (`scrollShift`) and keeps the lines that left the top; when the program leaves the
 * alternate screen, what it showed last is kept as a finished segment at the normal-buffer line
 * where it started, so the whole session can still be read top to bottom.
 */
export interface AltScreenHistory {
  /** The program switched to the alternate screen; `normalRow` is the normal buffer's cursor row then. */
  enter(normalRow: number): void;
  /** The program left it; `lastScreen` is what the alternate screen showed; `placeAt` registers a marker at a normal row. */
  leave(lastScreen: readonly string[], placeAt: (row: number) => LineMarker | null): void;
  /** Compares a new frame with the previous one and keeps the lines that scrolled out. */
  sample(screen: readonly string[]): void;
  /** Lines that scrolled out of the current alternate session, oldest first. */
  current(): string[];
  /** Id of the current (or last) alternate session; 0 before the first. */
  session(): number;
  /** Absolute index just past the current session's kept lines (the top of its screen). */
  end(): number;
  /** Lines of a session from an absolute index on; null when that session or those lines are no longer kept. */
  linesFrom(session: number, index: number): string[] | null;
  /** The normal-buffer row a finished session is placed after (-1 when it was dropped with the scrollback). */
  segmentLine(session: number): number;
  /** Finished sessions, oldest first, with the normal row each follows. */
  finishedSegments(): { readonly line: number; readonly lines: readonly string[] }[];
}

/** The part of a terminal marker this needs: its current line, -1 once dropped. */
export interface LineMarker {
  readonly line: number;
}

/** Kept lines per alternate session; older ones are dropped (and counted, so indices stay absolute). */
const MAX_KEPT_LINES = 20_000;
/** Finished alternate sessions kept. */
const MAX_SEGMENTS = 20;
/** A shift is only believed when at least this many non-blank lines line up. */
const MIN_MATCHING_LINES = 3;

/**
 * How many lines the content moved between two frames of the same size: positive when it scrolled
 * up (lines left the top), negative when it moved down (a program that lays its content out from
 * the bottom shrinks a block, and lines come back from above). It is the shift at which the most
 * non-blank lines of `next` equal lines of `previous`, if that beats leaving them in place (a fixed
 * header or footer matches only unshifted). 0 when nothing moved.
 */
export function scrollShift(previous: readonly string[], next: readonly string[]): number {
  const rows = Math.min(previous.length, next.length);
  const matches = (shift: number) => {
    let count = 0;
    for (let row = Math.max(0, -shift); row < rows && row + shift < rows; row++) {
      const line = next[row] ?? '';
      if (line.trim() !== '' && line === previous[row + shift]) count++;
    }
    return count;
  };
  let best = 0;
  let bestCount = matches(0);
  for (let distance = 1; distance < rows; distance++) {
    for (const shift of [distance, -distance]) {
      const count = matches(shift);
      if (count > bestCount && count >= MIN_MATCHING_LINES) {
        best = shift;
        bestCount = count;
      }
    }
  }
  return best;
}

interface Session {
  readonly id: number;
  readonly normalRow: number;
  kept: string[];
  dropped: number;
  previous: readonly string[] | null;
  marker: LineMarker | null;
}

function withoutTrailingBlanks(lines: readonly string[]): string[] {
  let end = lines.length;
  while (end > 0 && (lines[end - 1] ?? '') === '') end--;
  return lines.slice(0, end);
}

export function createAltScreenHistory(): AltScreenHistory {
  let active: Session | null = null;
  let lastId = 0;
  const finished: Session[] = [];

  function keep(session: Session, lines: readonly string[]): void {
    session.kept.push(...lines);
    const excess = session.kept.length - MAX_KEPT_LINES;
    if (excess > 0) {
      session.kept.splice(0, excess);
      session.dropped += excess;
    }
  }

  const find = (id: number) => (active?.id === id ? active : finished.find((session) => session.id === id));

  return {
    enter(normalRow) {
      active = { id: ++lastId, normalRow, kept: [], dropped: 0, previous: null, marker: null };
    },
    leave(lastScreen, placeAt) {
      if (!active) return;
      const session = active;
      active = null;
      keep(session, withoutTrailingBlanks(lastScreen));
      session.previous = null;
      session.marker = placeAt(session.normalRow);
      finished.push(session);
      if (finished.length > MAX_SEGMENTS) finished.shift();
    },
    sample(screen) {
      if (!active) return;
      const previous = active.previous;
      if (previous) {
        const shift = scrollShift(previous, screen);
        if (shift > 0) keep(active, previous.slice(0, shift));
        // Content moved down: the lines now at the top came back from the kept history.
        else if (shift < 0) active.kept.splice(Math.max(0, active.kept.length + shift));
      }
      active.previous = [...screen];
    },
    current: () => [...(active?.kept ?? [])],
    session: () => active?.id ?? lastId,
    end: () => (active ? active.dropped + active.kept.length : 0),
    linesFrom(id, index) {
      const session = find(id);
      if (!session || index < session.dropped) return null;
      return session.kept.slice(index - session.dropped);
    },
    segmentLine(id) {
      const session = find(id);
      return session?.marker?.line ?? -1;
    },
    finishedSegments: () => finished.map((session) => ({ line: session.marker?.line ?? -1, lines: session.kept })),
  };
}
