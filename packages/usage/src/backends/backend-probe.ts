import { runCli } from '../cli-runner.js';
import { scrubSecrets } from '../secret-scrub.js';
import { createSnapshot, type UsageSnapshot } from '../usage-snapshot.js';
import type { UsageBackend } from './usage-backend.js';

export interface BackendProbeOptions {
  readonly backend: UsageBackend;
  /** The executable, as `locateBackend` found it. */
  readonly path: string;
  readonly providerId: string;
  readonly accountId?: string | null | undefined;
  /** The provider account's environment (its home variables), so the backend reads the same account. */
  readonly env: NodeJS.ProcessEnv;
  readonly timeoutMs: number;
  /** The refresh budget's signal: the run is killed when it aborts. */
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => number) | undefined;
}

export interface BackendProbeResult {
  readonly snapshot: UsageSnapshot;
  /** The run was killed for running past the budget. */
  readonly late: boolean;
}

const MAX_OUTPUT_BYTES = 8 * 1024 * 1024;

const firstLine = (text: string): string => text.trim().split('\n')[0]?.slice(0, 300) ?? '';

/**
 * Runs one backend for one provider with a hard time bound and reads its answer. Every failure
 * (cannot start, non-zero exit, not its JSON, a run past the budget) is an `error` snapshot whose
 * reason names the backend; nothing in it is a window, so nothing is cached as fresh figures.
 */
export async function probeWithBackend(options: BackendProbeOptions): Promise<BackendProbeResult> {
  const { backend, providerId } = options;
  const now = options.now ?? Date.now;
  const base = { providerId, accountId: options.accountId ?? null };
  const failed = (reason: string, late = false): BackendProbeResult => ({
    snapshot: createSnapshot({ ...base, status: 'error', reason: `${backend.name}: ${reason}`, fetchedAt: new Date(now()) }),
    late,
  });
  const result = await runCli({
    command: options.path,
    args: backend.args(providerId, new Date(now())),
    env: options.env,
    timeoutMs: options.timeoutMs,
    signal: options.signal,
    maxOutputBytes: MAX_OUTPUT_BYTES,
  });
  const context = { providerId, accountId: options.accountId, observedAt: new Date(now()) };
  switch (result.kind) {
    case 'spawn_error':
      return failed(`${options.path} could not be started (${result.code ?? result.message})`);
    case 'timeout':
    case 'aborted':
      return failed(`did not answer within ${options.timeoutMs / 1000} s; it was stopped`, true);
    case 'exit_nonzero': {
      const exit = result.exitCode !== null ? `code ${result.exitCode}` : `signal ${result.signal}`;
      // CodexBar prints a payload with the provider's error and exits non-zero: its message says more than the code.
      let said: string | null = null;
      try {
        JSON.parse(result.stdout);
        const parsed = backend.parse(result.stdout, context);
        if (parsed.status === 'error' || parsed.status === 'unknown') said = parsed.reason;
      } catch {
        // Not JSON: stderr says what went wrong.
      }
      if (said) return failed(`${said.replace(`${backend.name}: `, '')} (exited with ${exit})`);
      const detail = firstLine(result.stderr) || scrubSecrets(firstLine(result.stdout));
      return failed(`exited with ${exit}${detail ? `: ${detail}` : ''}`);
    }
    case 'ok':
      if (result.truncated) return failed(`printed more than ${MAX_OUTPUT_BYTES / 1024 / 1024} MiB; its output was not read`);
      return { snapshot: backend.parse(result.stdout, context), late: false };
  }
}
