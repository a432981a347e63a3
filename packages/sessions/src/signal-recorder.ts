import type { SignalRecorder } from '@agentpool/core';

/**
 * The recorder hook and notify programs run: `node -e <this> -- <file> [json]`. It appends what it
 * got (a JSON argument when given, else its standard input) to the file as one line
 * `{"at": <epoch ms>, "payload": "<text>"}`, in a single write. The script is constant and holds
 * nothing secret; node is this process's own executable, so the worker needs nothing on its PATH.
 */
export const SIGNAL_RECORDER_SOURCE = [
  "const fs = require('fs');",
  'const [file, argument] = process.argv.slice(1);',
  "let payload = argument ?? '';",
  "if (!argument) { try { payload = fs.readFileSync(0, 'utf8'); } catch {} }",
  "fs.appendFileSync(file, JSON.stringify({ at: Date.now(), payload: payload.trim() }) + '\\n', { mode: 0o600 });",
].join(' ');

/** The recorder for one session's signal folder. */
export function signalRecorder(dir: string, node: string = process.execPath): SignalRecorder {
  return { dir, argv: [node, '-e', SIGNAL_RECORDER_SOURCE, '--'] };
}

/** One line the recorder wrote, or null for a line it did not write whole. */
export function parseRecordedLine(line: string): { at: number; payload: string } | null {
  try {
    const value = JSON.parse(line) as { at?: unknown; payload?: unknown };
    return typeof value.at === 'number' && typeof value.payload === 'string' ? { at: value.at, payload: value.payload } : null;
  } catch {
    return null;
  }
}
