import { readdirSync, readFileSync } from 'node:fs';
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
}

export interface Capture {
  readonly name: string;
  readonly bytes: Buffer;
  readonly meta: CaptureMeta;
}

const CAPTURES_DIR = fileURLToPath(new URL('../captures/', import.meta.url));

/** Raw pane streams of real CLIs (made by scripts/capture-real-cli.mjs), by name without extension. */
export function loadCapture(name: string): Capture {
  return {
    name,
    bytes: readFileSync(`${CAPTURES_DIR}${name}.raw`),
    meta: JSON.parse(readFileSync(`${CAPTURES_DIR}${name}.json`, 'utf8')) as CaptureMeta,
  };
}

/** Every capture's name. */
export function captureNames(): string[] {
  return readdirSync(CAPTURES_DIR)
    .filter((file) => file.endsWith('.raw'))
    .map((file) => file.slice(0, -'.raw'.length))
    .sort();
}
