import { AgentPoolError, type Observation, type ProviderAdapter, type Screen } from '@agentpool/core';
import { createStreamRenderer } from '@agentpool/tmux-runtime';

/** The largest saved screen or terminal stream `classify` reads (8 MiB renders in well under a second). */
export const MAX_SCREEN_INPUT_BYTES = 8 * 1024 * 1024;
/** The largest pane `classify` renders a terminal stream at. */
export const MAX_SCREEN_SIZE = 1000;
/** Share of bytes that may be NUL, other C0 controls no terminal program writes, or invalid UTF-8 before input counts as binary. */
const MAX_BINARY_SHARE = 0.01;

/** How the saved input was read. */
export type ScreenInputKind = 'terminal_stream' | 'text';

export interface SavedScreenOptions {
  /** Where it came from, for error messages (`screen.txt`, `standard input`). */
  readonly name: string;
  /** The pane size a terminal stream is rendered at, and the size a text screen is given as. */
  readonly width?: number | undefined;
  readonly height?: number | undefined;
  /** The size a terminal stream is rendered at when none is given (agentpool's pane size, config `tmux`). */
  readonly defaultSize: { readonly cols: number; readonly rows: number };
}

export interface ScreenClassification {
  readonly observation: Observation;
  /** The screen the adapter read. */
  readonly screen: Screen;
  readonly kind: ScreenInputKind;
  readonly sizeBytes: number;
  /**
   * For a terminal stream: bytes rendered. Less than `sizeBytes` when the stream ends inside a frame
   * the program had not finished drawing (synchronized output): as on a live pane, that frame is
   * not shown.
   */
  readonly renderedBytes: number;
}

/** Bytes no text screen or terminal stream holds: NUL and C0 controls other than BEL, BS, TAB, LF, VT, FF, CR, SO, SI, ESC. */
function isBinaryByte(byte: number): boolean {
  return byte === 0 || (byte < 0x20 && ![0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x1b].includes(byte));
}

/**
 * Refuses input that cannot be a screen: empty (nothing to read; a saved blank screen has its
 * newlines), binary (NUL bytes, stray controls or invalid UTF-8 make up more than 1 %; a multi-byte
 * character cut at the end of a saved stream is fine), or larger than MAX_SCREEN_INPUT_BYTES.
 */
export function checkScreenInput(bytes: Uint8Array, name: string): void {
  const example = 'agentpool classify --provider <id> --screen-file <saved screen or raw pane stream>';
  if (bytes.length === 0) {
    throw new AgentPoolError('INVALID_REQUEST', `${name} is empty: there is no screen to classify.`, {
      details: { input: name, size_bytes: 0 },
      hint: example,
    });
  }
  if (bytes.length > MAX_SCREEN_INPUT_BYTES) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `${name} is larger than ${MAX_SCREEN_INPUT_BYTES / 1024 / 1024} MiB (the limit for a saved screen or terminal stream); save a shorter part of it.`,
      { details: { input: name, size_bytes: bytes.length, max_bytes: MAX_SCREEN_INPUT_BYTES }, hint: example },
    );
  }
  let binary = 0;
  for (const byte of bytes) if (isBinaryByte(byte)) binary++;
  // `stream: true` holds back a multi-byte character cut at the very end instead of counting it as invalid.
  const text = new TextDecoder('utf-8').decode(bytes, { stream: true });
  let invalid = 0;
  for (let at = text.indexOf('\uFFFD'); at !== -1; at = text.indexOf('\uFFFD', at + 1)) invalid++;
  if (binary + invalid > Math.max(1, bytes.length * MAX_BINARY_SHARE)) {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `${name} looks binary (${binary} NUL or control bytes, ${invalid} invalid UTF-8 sequences in ${bytes.length} bytes): classify reads a saved screen (text) or a raw pane stream.`,
      { details: { input: name, size_bytes: bytes.length, control_bytes: binary, invalid_utf8: invalid }, hint: example },
    );
  }
}

/** The adapter's reading; an adapter that throws fails with ADAPTER_FAILED naming it (a plugin's rules are what is being tested). */
function classifyWith(adapter: ProviderAdapter, screen: Screen): Observation {
  try {
    return adapter.classify(screen, { sentTexts: [] });
  } catch (error) {
    throw new AgentPoolError(
      'ADAPTER_FAILED',
      `${adapter.id} failed to classify the screen: ${error instanceof Error ? error.message : String(error)}`,
      {
        details: { provider: adapter.id },
        retryable: false,
        cause: error,
      },
    );
  }
}

/**
 * Classifies a saved screen with the adapter. Input holding escape sequences is a raw terminal
 * stream (`tmux pipe-pane`, `script`): it is rendered through the headless terminal at the pane
 * size first, as agentpool reads a live worker. Other input is the screen's text as is (`tmux
 * capture-pane -p`); with a height, only its last `height` lines (the bottom of a screen that tall).
 */
export async function classifySavedScreen(
  adapter: ProviderAdapter,
  bytes: Uint8Array,
  options: SavedScreenOptions,
): Promise<ScreenClassification> {
  checkScreenInput(bytes, options.name);
  if (bytes.includes(0x1b)) {
    const cols = options.width ?? options.defaultSize.cols;
    const rows = options.height ?? options.defaultSize.rows;
    const renderer = await createStreamRenderer({ cols, rows });
    try {
      await renderer.feed(bytes);
      const screen: Screen = { lines: renderer.screen(), width: cols, height: rows };
      return {
        observation: classifyWith(adapter, screen),
        screen,
        kind: 'terminal_stream',
        sizeBytes: bytes.length,
        renderedBytes: renderer.position,
      };
    } finally {
      renderer.dispose();
    }
  }
  const text = new TextDecoder('utf-8').decode(bytes).replace(/\0/g, '');
  const all = text.split(/\r?\n/);
  if (all.length > 1 && all[all.length - 1] === '') all.pop();
  const lines = options.height !== undefined ? all.slice(-options.height) : all;
  const screen: Screen = {
    lines,
    width: options.width ?? lines.reduce((widest, line) => Math.max(widest, [...line].length), 1),
    height: options.height ?? lines.length,
  };
  return {
    observation: classifyWith(adapter, screen),
    screen,
    kind: 'text',
    sizeBytes: bytes.length,
    renderedBytes: bytes.length,
  };
}
