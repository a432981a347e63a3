import { AgentPoolError } from './errors.js';

/**
 * Runs an adapter call (detect, models, a usage probe) with an AbortSignal and a time bound: after
 * `timeoutMs` the signal is aborted and the call fails with ADAPTER_FAILED (retryable) naming what
 * timed out. An adapter that honours the signal stops its work; one that does not is left behind,
 * its late result ignored.
 */
export async function boundedCall<T>(what: string, timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new AgentPoolError('ADAPTER_FAILED', `${what} timed out after ${timeoutMs / 1000} s`, {
        details: { timeout_ms: timeoutMs },
        retryable: true,
      });
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    timer.unref?.();
  });
  try {
    return await Promise.race([Promise.resolve().then(() => run(controller.signal)), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
