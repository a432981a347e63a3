import { AgentPoolError, echoValue } from '@agentpool/core';
import { type AgentPool, createAgentPool } from '@agentpool/sdk';
import { type OutputOptions, printError } from './output.js';

/** Per-invocation state: the output mode, the pool (created on first use) and the exit code. */
export class CliRun {
  exitCode = 0;
  private pool: Promise<AgentPool> | null = null;

  constructor(readonly env: Readonly<Record<string, string | undefined>>) {}

  agentPool(): Promise<AgentPool> {
    const pool = this.pool ?? createAgentPool({ env: this.env });
    this.pool = pool;
    return pool;
  }

  async close(): Promise<void> {
    // A pool that failed to open (bad config) has already been reported; nothing to close.
    const pool = this.pool ? await this.pool.catch(() => null) : null;
    await pool?.close().catch(() => undefined);
  }

  fail(options: OutputOptions, error: unknown): void {
    this.exitCode = printError(options, error);
  }
}

/** Parses a whole-number option; a bad value is a usage error naming the option. */
export function parseCount(
  value: string | undefined,
  option: string,
  min: number,
  code: 'INVALID_REQUEST' | 'INVALID_TIMEOUT' | 'INVALID_TRANSCRIPT_RANGE' = 'INVALID_REQUEST',
): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < min) {
    const shown = echoValue(value);
    throw new AgentPoolError(code, `${option} must be a whole number ≥ ${min}, got "${shown}".`, {
      details: { option, value: shown },
      hint: `${option} ${Math.max(min, 1)}`,
    });
  }
  return number;
}

/** Parses a duration in seconds (decimals allowed); negative or non-numeric values are refused. */
export function parseSeconds(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) {
    const shown = echoValue(value);
    throw new AgentPoolError('INVALID_TIMEOUT', `${option} must be zero or more seconds, got "${shown}".`, {
      details: { option, value: shown },
      hint: 'agentpool observe <session-id> --wait-for completed --timeout 120',
    });
  }
  return number;
}

/** Checks an option against its choices; `example` is the full command line a usage error suggests. */
export function oneOf<T extends string>(value: string | undefined, valid: readonly T[], option: string, example: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(valid as readonly string[]).includes(value)) {
    const shown = echoValue(value);
    throw new AgentPoolError('INVALID_REQUEST', `${option} must be one of ${valid.join(', ')}; got "${shown}".`, {
      details: { option, value: shown, valid },
      hint: example,
    });
  }
  return value as T;
}

/** `--provider a,b`: the ids named, or undefined when the option is absent; naming none is refused. */
export function providerList(value: string | undefined, example: string): string[] | undefined {
  if (value === undefined) return undefined;
  const ids = value
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  if (ids.length === 0) {
    throw new AgentPoolError('INVALID_REQUEST', '--provider needs a provider id (or several, comma-separated).', {
      details: { option: '--provider' },
      hint: example,
    });
  }
  return ids;
}

export async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) {
    throw new AgentPoolError('INVALID_REQUEST', '--stdin was given but standard input is a terminal.', {
      hint: 'echo "text" | agentpool send <session-id> --stdin',
    });
  }
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
