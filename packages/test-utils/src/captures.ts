import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** What a capture's .json says about its .raw stream. */
export interface CaptureMeta {
  /** npm package of the program (`@anthropic-ai/claude-code`) and its version. */
  readonly program: string;
  readonly version: string;
  readonly argv: readonly string[];
  /** The pane size the program drew for. */
  readonly cols: number;
  readonly rows: number;
  readonly turns: readonly { readonly number: number; readonly offset: number; readonly sent: string; readonly reply: string }[];
  /** Captures of one screen state (capture-real-cli-states.mjs): which scenario, and what was done. */
  readonly scenario?: string;
  readonly what?: string;
  /** Stream offsets at which tmux showed each state, in order. */
  readonly moments?: readonly CaptureMoment[];
}

/** A point of a capture's stream at which the pane showed a known state. */
export interface CaptureMoment {
  /** The screen state shown (`working`, `approval_prompt`, `startup_prompt`, `ready`). */
  readonly state: string;
  /** Bytes of the stream written when tmux showed it. */
  readonly offset: number;
  readonly what: string;
}

/** One record a CLI's hook or notify program produced during a capture, as agentpool's signal recorder writes it. */
export interface CaptureSignal {
  /** Epoch ms it was recorded. */
  readonly at: number;
  /** What the CLI handed over (the hook's stdin, the notify argument), temporary paths replaced by `<tmp>`. */
  readonly payload: string;
}

export interface Capture {
  readonly name: string;
  readonly bytes: Buffer;
  readonly meta: CaptureMeta;
  /** The hook or notify records of the capture (`<name>.signals.jsonl`), empty when it has none. */
  readonly signals: readonly CaptureSignal[];
}

const CAPTURES_DIR = fileURLToPath(new URL('../captures/', import.meta.url));

/** Raw pane streams of real CLIs (made by scripts/capture-real-cli.mjs), by name without extension. */
export function loadCapture(name: string): Capture {
  const signalsFile = `${CAPTURES_DIR}${name}.signals.jsonl`;
  const signals = existsSync(signalsFile)
    ? readFileSync(signalsFile, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as CaptureSignal)
    : [];
  return {
    name,
    bytes: readFileSync(`${CAPTURES_DIR}${name}.raw`),
    meta: JSON.parse(readFileSync(`${CAPTURES_DIR}${name}.json`, 'utf8')) as CaptureMeta,
    signals,
  };
}

/** Every capture's name. */
export function captureNames(): string[] {
  return readdirSync(CAPTURES_DIR)
    .filter((file) => file.endsWith('.raw'))
    .map((file) => file.slice(0, -'.raw'.length))
    .sort();
}
