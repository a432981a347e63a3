import type { SignalRecorder } from './worker-signal.js';

/** Quotes one argument for a POSIX shell: single quotes, an inner `'` closed, escaped and reopened. */
function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * The shell command a CLI's hook runs to hand what it was given to agentpool: the recorder's argv
 * and `file` (the signal file it appends to), each quoted for the POSIX shell CLIs run hooks with.
 */
export function recorderCommand(recorder: SignalRecorder, file: string): string {
  return [...recorder.argv, file].map(shellQuote).join(' ');
}
