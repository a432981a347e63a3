import { isCallersOwnVariable } from '@agentpool/core';

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
    const callersOwn = isCallersOwnVariable(name);
    if (value === undefined || callersOwn || !allowed(name) || denied(name)) continue;
    env[name] = value;
  }
  for (const layer of input.layers) Object.assign(env, layer);
  return env;
}
