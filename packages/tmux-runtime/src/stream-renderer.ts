import type { Terminal } from '@xterm/headless';

import { type AltScreenHistory, createAltScreenHistory } from './alt-screen-history.js';

type Marker = NonNullable<ReturnType<Terminal['registerMarker']>>;

export interface StreamRendererOptions {
  /** The pane's size: the stream was drawn for it. */
  readonly cols: number;
  readonly rows: number;
  /** Lines kept above the screen (default 5000). Older ones are dropped. */
  readonly scrollback?: number | undefined;
  /** OSC codes whose sequences are recorded (in-band native signals such as Codex's 7501). */
  readonly oscCodes?: readonly number[] | undefined;
}

/** An OSC sequence the stream carried. */
export interface OscEvent {
  readonly code: number;
  readonly data: string;
  /** The sequence was written at or after this byte of the stream (the start of the write that held it). */
  readonly offset: number;
}

/** A remembered place in the rendered output (a turn's start): where the screen's top was and what the screen showed. */
export interface RenderMark {
  /** Byte of the stream the mark was taken at. */
  readonly position: number;
  /** The lines from the anchor on when the mark was taken (the screen then). */
  readonly lines: readonly string[];
  /** @internal */
  readonly anchor: Anchor;
}

type Anchor =
  | { readonly kind: 'normal'; readonly marker: Marker }
  | { readonly kind: 'alternate'; readonly session: number; readonly index: number };

export interface LinesSince {
  /** The lines from the mark's anchor on, as they were when the mark was taken. */
  readonly before: readonly string[];
  /** The lines from the anchor on, as they are now. */
  readonly after: readonly string[];
  /** The anchor's line has been dropped (the output since outgrew the scrollback): `after` is everything still held and `before` is empty. */
  readonly truncated: boolean;
  /** Lines left out between the window's head and tail (0 when `after` is whole). */
  readonly elided: number;
}

interface Window {
  readonly head: number;
  readonly tail: number;
}

/**
 * Renders a pane's raw output stream through a real terminal emulator (xterm.js, headless) and
 * reads back what the terminal shows: lines placed with cursor moves, skipped blank cells and
 * overwritten cells come out as a person would read them. Keeps the scrollback, and for programs
 * that draw in the alternate screen (which has none) keeps the lines that scroll out of it, so a
 * whole session reads top to bottom.
 */
export interface StreamRenderer {
  /** Bytes rendered so far. */
  readonly position: number;
  /**
   * Bytes handed to `feed` so far: `position` plus an unfinished frame held back (a program using
   * synchronized output is mid-frame; a terminal would not show that half-drawn state either).
   */
  readonly consumed: number;
  /** Whether the program currently draws in the alternate screen. */
  readonly alternate: boolean;
  /** Renders more of the stream (the bytes following `consumed`), up to the last complete frame. */
  feed(bytes: Uint8Array): Promise<void>;
  /** Renders what is held back too (the stream has ended). */
  flush(): Promise<void>;
  /** Every line shown so far, oldest first (wrapped lines joined, trailing spaces and blank lines at the end removed). */
  lines(): string[];
  /** The visible screen, top to bottom (trailing spaces removed). */
  screen(): string[];
  mark(): RenderMark;
  /**
   * The lines from a mark's anchor on. With `tailLines`, a long run is read as a window: the first
   * lines (as many as the mark held, plus one) and the last `tailLines`, the middle left out
   * (`elided`), so a look costs the same however long the turn has grown.
   */
  since(mark: RenderMark, options?: { readonly tailLines?: number }): LinesSince;
  /** OSC sequences seen for the codes asked for, oldest first. */
  readonly oscEvents: readonly OscEvent[];
  dispose(): void;
}

/** Bytes written to the emulator at once; alternate-screen history is sampled between writes. */
const SLICE_BYTES = 16 * 1024;
/** An unfinished frame longer than this is rendered anyway (a program that never ends its frames). */
const MAX_HELD_BYTES = 1024 * 1024;
/** DEC synchronized output: programs that use it end every frame with this. */
const END_SYNC = Buffer.from('\u001b[?2026l');
const BEGIN_SYNC = Buffer.from('\u001b[?2026h');

/** Loads the emulator on first use (it is large; most commands never render). */
type Emulator = { readonly Terminal: typeof Terminal };
let emulator: Promise<Emulator> | null = null;

/** Where `data` ends with an incomplete begin- or end-of-frame sequence (split between two reads), or -1. */
function partialSyncMarkerAt(data: Buffer): number {
  const from = data.lastIndexOf(0x1b);
  if (from < 0 || data.length - from >= BEGIN_SYNC.length) return -1;
  const tail = data.subarray(from);
  return BEGIN_SYNC.subarray(0, tail.length).equals(tail) ? from : -1;
}

function loadEmulator(): Promise<Emulator> {
  // A CommonJS package: its exports arrive as the default export of the ESM namespace.
  emulator ??= import('@xterm/headless').then((module) => ((module as unknown as { default?: Emulator }).default ?? module) as Emulator);
  return emulator;
}

/** Starts loading the emulator in the background (a waiting observer), so the first render does not pay for it. */
export function preloadStreamRenderer(): void {
  void loadEmulator().catch(() => undefined);
}

export async function createStreamRenderer(options: StreamRendererOptions): Promise<StreamRenderer> {
  const { Terminal: TerminalClass } = await loadEmulator();
  const terminal: Terminal = new TerminalClass({
    cols: options.cols,
    rows: options.rows,
    scrollback: options.scrollback ?? 5000,
    allowProposedApi: true,
    logLevel: 'off',
  });
  const altHistory: AltScreenHistory = createAltScreenHistory();
  const oscEvents: OscEvent[] = [];
  let position = 0;
  let writeStart = 0;
  let held: Buffer = Buffer.alloc(0);
  for (const code of options.oscCodes ?? []) {
    terminal.parser.registerOscHandler(code, (data) => {
      oscEvents.push({ code, data, offset: writeStart });
      return true;
    });
  }
  terminal.buffer.onBufferChange((buffer) => {
    const normal = terminal.buffer.normal;
    if (buffer.type === 'alternate') {
      altHistory.enter(normal.baseY + normal.cursorY);
      return;
    }
    const alternate = terminal.buffer.alternate;
    const last: string[] = [];
    for (let row = 0; row < terminal.rows; row++) last.push((alternate.getLine(row)?.translateToString(true) ?? '').replace(/\s+$/, ''));
    // The normal buffer is active again: a marker keeps the alternate session's place as the scrollback moves.
    altHistory.leave(last, (row) => terminal.registerMarker(row - (normal.baseY + normal.cursorY)) ?? null);
  });

  const isAlternate = () => terminal.buffer.active.type === 'alternate';

  function rowsToLines(buffer: Terminal['buffer']['active'], from: number, to: number): string[] {
    const out: string[] = [];
    let pending = '';
    for (let row = from; row < to; row++) {
      const line = buffer.getLine(row);
      if (!line) continue;
      const next = buffer.getLine(row + 1);
      if (row + 1 < to && next?.isWrapped) {
        pending += line.translateToString(false);
        continue;
      }
      out.push((pending + line.translateToString(true)).replace(/\s+$/, ''));
      pending = '';
    }
    if (pending) out.push(pending.replace(/\s+$/, ''));
    return out;
  }

  function screenLines(): string[] {
    const buffer = terminal.buffer.active;
    const out: string[] = [];
    for (let row = buffer.baseY; row < buffer.baseY + terminal.rows; row++)
      out.push((buffer.getLine(row)?.translateToString(true) ?? '').replace(/\s+$/, ''));
    return out;
  }

  /** Normal-buffer lines from `fromRow` on, with the alternate-screen sessions that happened in between spliced in. */
  function normalLinesFrom(fromRow: number): string[] {
    const normal = terminal.buffer.normal;
    const segments = altHistory.finishedSegments().filter((segment) => segment.line < 0 || segment.line >= fromRow);
    const out: string[] = [];
    let row = Math.max(0, fromRow);
    for (const segment of segments) {
      const at = Math.max(row, segment.line + 1);
      out.push(...rowsToLines(normal, row, at), ...segment.lines);
      row = at;
    }
    out.push(...rowsToLines(normal, row, normal.length));
    return out;
  }

  function trimEnd(lines: string[]): string[] {
    let end = lines.length;
    while (end > 0 && lines[end - 1] === '') end--;
    return lines.slice(0, end);
  }

  /**
   * Normal-buffer lines from `fromRow` on, read as a window when it is long. Finding where each
   * logical line starts only reads the rows' wrap flags; only the window's rows are turned into text.
   */
  function normalLinesWindow(fromRow: number, window: Window | undefined): { lines: string[]; elided: number } {
    const normal = terminal.buffer.normal;
    const spliced = altHistory.finishedSegments().some((segment) => segment.line < 0 || segment.line >= fromRow);
    if (!window || spliced) return { lines: normalLinesFrom(fromRow), elided: 0 };
    const starts: number[] = [];
    for (let row = Math.max(0, fromRow); row < normal.length; row++) {
      if (row === fromRow || !normal.getLine(row)?.isWrapped) starts.push(row);
    }
    if (starts.length <= window.head + window.tail) return { lines: rowsToLines(normal, Math.max(0, fromRow), normal.length), elided: 0 };
    const head = window.head > 0 ? rowsToLines(normal, starts[0] ?? fromRow, starts[window.head] ?? normal.length) : [];
    const tail = rowsToLines(normal, starts[starts.length - window.tail] ?? fromRow, normal.length);
    return { lines: [...head, ...tail], elided: starts.length - window.head - window.tail };
  }

  function linesFromAnchor(anchor: Anchor, window?: Window): { lines: string[]; truncated: boolean; elided: number } {
    if (anchor.kind === 'normal') {
      if (anchor.marker.isDisposed || anchor.marker.line < 0) {
        if (isAlternate()) return { lines: all(), truncated: true, elided: 0 };
        const kept = normalLinesWindow(0, window ? { head: 0, tail: window.tail } : undefined);
        return { ...kept, truncated: true };
      }
      if (isAlternate())
        return {
          lines: [...trimEnd(normalLinesFrom(anchor.marker.line)), ...altHistory.current(), ...screenLines()],
          truncated: false,
          elided: 0,
        };
      return { ...normalLinesWindow(anchor.marker.line, window), truncated: false };
    }
    const tail = altHistory.linesFrom(anchor.session, anchor.index);
    if (tail === null) return { lines: all(), truncated: true, elided: 0 };
    if (isAlternate() && altHistory.session() === anchor.session)
      return { lines: [...tail, ...screenLines()], truncated: false, elided: 0 };
    // The alternate screen was left since: its finished segment, then the normal buffer after it.
    return { lines: [...tail, ...normalLinesFrom(altHistory.segmentLine(anchor.session) + 1)], truncated: false, elided: 0 };
  }

  function all(): string[] {
    const head = normalLinesFrom(0);
    return isAlternate() ? [...trimEnd(head), ...altHistory.current(), ...screenLines()] : head;
  }

  /**
   * Writes the data in slices queued at once (awaiting each would wait on the emulator's timer
   * between them), cut after the end of a synchronized frame where one falls in a slice. After
   * each slice is parsed the alternate screen is sampled, between frames.
   */
  function render(data: Buffer): Promise<void> {
    if (data.length === 0) return Promise.resolve();
    const slices: Buffer[] = [];
    for (let start = 0; start < data.length; ) {
      let end = Math.min(data.length, start + SLICE_BYTES);
      const frameEnd = data.lastIndexOf(END_SYNC, end - END_SYNC.length);
      if (frameEnd >= start) end = Math.min(end, frameEnd + END_SYNC.length);
      slices.push(data.subarray(start, end));
      start = end;
    }
    writeStart = position;
    let done: Promise<void> = Promise.resolve();
    for (const slice of slices) {
      done = new Promise((resolve) =>
        terminal.write(slice, () => {
          position += slice.length;
          // The next slice starts here: an OSC sequence met while parsing it is at or after this byte.
          writeStart = position;
          if (isAlternate() && !terminal.modes.synchronizedOutputMode) altHistory.sample(screenLines());
          resolve();
        }),
      );
    }
    return done;
  }

  return {
    get position() {
      return position;
    },
    get alternate() {
      return isAlternate();
    },
    get oscEvents() {
      return oscEvents;
    },
    get consumed() {
      return position + held.length;
    },
    async feed(bytes) {
      const incoming = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      let data = held.length ? Buffer.concat([held, incoming]) : incoming;
      held = Buffer.alloc(0);
      // Hold back a frame that has begun but not ended, and a tail that may be the start of one.
      const lastBegin = data.lastIndexOf(BEGIN_SYNC);
      let holdFrom = lastBegin >= 0 && data.indexOf(END_SYNC, lastBegin) < 0 ? lastBegin : -1;
      if (holdFrom < 0) holdFrom = partialSyncMarkerAt(data);
      if (holdFrom >= 0 && data.length - holdFrom <= MAX_HELD_BYTES) {
        held = Buffer.from(data.subarray(holdFrom));
        data = data.subarray(0, holdFrom);
      }
      await render(data);
    },
    async flush() {
      const rest = held;
      held = Buffer.alloc(0);
      await render(rest);
    },
    lines: () => trimEnd(all()),
    screen: screenLines,
    mark() {
      const buffer = terminal.buffer.active;
      let anchor: Anchor;
      if (isAlternate()) anchor = { kind: 'alternate', session: altHistory.session(), index: altHistory.end() };
      else {
        const marker = terminal.registerMarker(-buffer.cursorY);
        anchor = marker ? { kind: 'normal', marker } : { kind: 'alternate', session: -1, index: 0 };
      }
      return { position, lines: trimEnd(linesFromAnchor(anchor).lines), anchor };
    },
    since(mark, options = {}) {
      const window = options.tailLines ? { head: mark.lines.length + 1, tail: options.tailLines } : undefined;
      const { lines, truncated, elided } = linesFromAnchor(mark.anchor, window);
      return { before: truncated ? [] : mark.lines, after: trimEnd(lines), truncated, elided };
    },
    dispose() {
      terminal.dispose();
    },
  };
}
