/** Variables that describe the caller's own terminal, not a worker's or a probe's pane (tmux sets its own). */
const TERMINAL_VARIABLES = [
  'TERM',
  'TMUX',
  'TMUX_PANE',
  'COLUMNS',
  'LINES',
  'TERM_PROGRAM',
  'TERM_PROGRAM_VERSION',
  'TERM_SESSION_ID',
] as const;

/**
 * Variables that mark the caller's run as unattended (a CI job). A pane is an interactive terminal,
 * and agent CLIs read these as "no terminal here": Gemini CLI 0.61 goes headless on `CI=true` or
 * `GITHUB_ACTIONS=true` and exits 42 waiting for stdin; Droid 0.225 draws a screen its rules do not
 * read.
 */
const UNATTENDED_RUN_VARIABLES = ['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS'] as const;

const CALLERS_OWN = new Set<string>([...TERMINAL_VARIABLES, ...UNATTENDED_RUN_VARIABLES]);

/**
 * Whether a caller's variable is the caller's own and stays out of a pane agentpool starts (a
 * worker's, a usage probe's): its terminal's description and its CI markers. A provider's settings
 * may still set one in a layer of their own.
 */
export function isCallersOwnVariable(name: string): boolean {
  return CALLERS_OWN.has(name);
}
