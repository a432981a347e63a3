/** Variables that describe the caller's own terminal, not the worker's pane (tmux sets its own). */
const TERMINAL_VARIABLES = new Set([
  'TERM',
  'TMUX',
  'TMUX_PANE',
  'COLUMNS',
  'LINES',
  'TERM_PROGRAM',
  'TERM_PROGRAM_VERSION',
  'TERM_SESSION_ID',
]);

/**
 * Variables that mark the caller's run as unattended (a CI job). A worker's pane is an interactive
 * terminal, and agent CLIs read these as "no terminal here": Gemini CLI 0.61 goes headless on
 * `CI=true` or `GITHUB_ACTIONS=true` and exits 42 waiting for stdin; Droid 0.225 draws a screen its
 * rules do not read. A provider's settings may still set them in a layer.
 */
const UNATTENDED_RUN_VARIABLES = new Set(['CI', 'CONTINUOUS_INTEGRATION', 'GITHUB_ACTIONS']);

function matcher(patterns: readonly string[]): (name: string) => boolean {
  const expressions = patterns.map((pattern) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`));
  return (name) => expressions.some((expression) => expression.test(name));
}

export interface WorkerEnvironmentInput {
  /** The environment of the process that spawns the worker. */
  readonly caller: Readonly<Record<string, string | undefined>>;
  /** policy.worker_env_allow: null passes every caller variable. */
  readonly allow: readonly string[] | null;
  /** policy.worker_env_deny. */
  readonly deny: readonly string[];
  /** Layers applied over the caller's variables, in order: provider settings, account, the adapter's launch, its signals, agentpool's own. */
  readonly layers: readonly Readonly<Record<string, string>>[];
}

/**
 * The exact environment a worker gets: the caller's variables as policy allows (never those that
 * describe the caller's terminal or mark its run unattended), then each layer over them. Pure; the result reaches the pane
 * through a private file.
 */
export function workerEnvironment(input: WorkerEnvironmentInput): Record<string, string> {
  const allowed = input.allow === null ? () => true : matcher(input.allow);
  const denied = matcher(input.deny);
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.caller)) {
    const callersOwn = TERMINAL_VARIABLES.has(name) || UNATTENDED_RUN_VARIABLES.has(name);
    if (value === undefined || callersOwn || !allowed(name) || denied(name)) continue;
    env[name] = value;
  }
  for (const layer of input.layers) Object.assign(env, layer);
  return env;
}
