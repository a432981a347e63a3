import { spawn } from 'node:child_process';
import { AgentPoolError, USAGE_WATCH_EVENTS, type UsageWatchCommand } from '@agentpool/core';
import { type AgentPool, type UsageEvent, usageEvents } from '@agentpool/sdk';
import type { UsageSnapshot } from '@agentpool/usage';
import type { Command } from 'commander';
import { type CliRun, parseSeconds, providerList } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';

/** What one configured command did with one event. */
export interface WatchCommandResult {
  /** As configured: the shell string or the argv array. */
  readonly command: UsageWatchCommand;
  /** Null when it was killed or could not start. */
  readonly exit_code: number | null;
  readonly signal: string | null;
  readonly timed_out: boolean;
  /** Why it could not start (`spawn notify-send ENOENT`), else null. */
  readonly error: string | null;
}

export interface WatchEventReport extends UsageEvent {
  readonly commands: readonly WatchCommandResult[];
}

/** One refresh of `usage watch`. */
export interface WatchTick {
  readonly refreshed_at: string;
  readonly providers: readonly string[];
  readonly partial: boolean;
  readonly late_providers: readonly string[];
  readonly events: readonly WatchEventReport[];
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Runs one configured command with the event JSON on stdin: a string through `sh -c`, an argv array
 * directly. Its output goes to this process's stderr (stdout stays for `--json`). Never throws: a
 * command that cannot start, fails or outlives `timeoutMs` is reported, and the watch goes on.
 */
export function runWatchCommand(command: UsageWatchCommand, event: UsageEvent, timeoutMs: number): Promise<WatchCommandResult> {
  const [file, args] = typeof command === 'string' ? ['/bin/sh', ['-c', command]] : [command[0] as string, command.slice(1)];
  return new Promise((resolve) => {
    let timedOut = false;
    let settled = false;
    const finish = (result: Omit<WatchCommandResult, 'command' | 'timed_out'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ command, ...result, timed_out: timedOut });
    };
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, AGENTPOOL_USAGE_EVENT: event.event, AGENTPOOL_USAGE_PROVIDER: event.provider },
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.on('error', (error) => finish({ exit_code: null, signal: null, error: error.message }));
    child.on('close', (code, signal) => finish({ exit_code: code, signal: signal ?? null, error: null }));
    // A command that does not read its stdin closes the pipe early: that is not a failure.
    child.stdin.on('error', () => {});
    child.stdin.end(`${JSON.stringify(event)}\n`);
  });
}

async function watchProviders(pool: AgentPool, options: Options): Promise<string[]> {
  const named = str(options.provider);
  if (named !== undefined) {
    const ids = providerList(named, 'agentpool usage watch --provider codex-cli --once') ?? [];
    const registry = await pool.providers();
    for (const id of ids) registry.require(id);
    return ids;
  }
  return (await pool.providers()).list({ includeTestOnly: options.includeTestProviders === true }).map((adapter) => adapter.id);
}

/** One refresh: the cached snapshots before, the probes, the events between, the commands run for them. */
export async function watchOnce(pool: AgentPool, providers: readonly string[], timeoutMs: number | undefined): Promise<WatchTick> {
  const previous = new Map<string, UsageSnapshot | null>();
  for (const id of providers) previous.set(id, await pool.usage.cached(id));
  const result = await pool.usage.refresh({ providers, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  const watch = pool.config.usage.watch;
  const events: WatchEventReport[] = [];
  for (const snapshot of result.snapshots) {
    const found = usageEvents(previous.get(snapshot.providerId) ?? null, snapshot, {
      minRemainingPercent: pool.config.policy.min_remaining_percent,
    });
    for (const event of found) {
      const commands: WatchCommandResult[] = [];
      for (const command of watch.on[event.event])
        commands.push(await runWatchCommand(command, event, watch.command_timeout_seconds * 1000));
      events.push({ ...event, commands });
    }
  }
  return {
    refreshed_at: new Date().toISOString(),
    providers,
    partial: result.partial,
    late_providers: result.late,
    events,
  };
}

function commandText(result: WatchCommandResult): string {
  const shown = typeof result.command === 'string' ? result.command : JSON.stringify(result.command);
  const outcome = result.error
    ? `could not start: ${result.error}`
    : result.timed_out
      ? 'killed after the command timeout'
      : result.signal
        ? `killed by ${result.signal}`
        : `exit ${result.exit_code}`;
  return `    ${shown} → ${outcome}`;
}

export function watchTickText(tick: WatchTick): string {
  const lines = [
    `${tick.refreshed_at}  refreshed ${tick.providers.length} provider(s)${tick.partial ? `, late: ${tick.late_providers.join(', ')}` : ''}`,
  ];
  if (tick.events.length === 0) lines.push('  no events');
  for (const event of tick.events) {
    lines.push(`  ${event.event} ${event.provider}: ${event.reason ?? event.status}`);
    if (event.commands.length === 0) lines.push(`    (no command configured for ${event.event})`);
    lines.push(...event.commands.map(commandText));
  }
  return lines.join('\n');
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });

export function registerUsageWatch(usage: Command, run: CliRun): void {
  defineAction(
    usage
      .command('watch')
      .description(
        `refresh on an interval and run the commands in config.yaml usage.watch.on for ${USAGE_WATCH_EVENTS.join(', ')} (event JSON on stdin)`,
      )
      .option('--interval <seconds>', 'seconds between refreshes (default: usage.watch.interval_seconds)')
      .option('--once', 'refresh once, run the commands for what changed since the cached snapshots, and exit')
      .option('--provider <ids>', 'only these providers (comma-separated)')
      .option('--timeout <seconds>', 'each refresh’s time budget')
      .option('--include-test-providers', 'also the fake providers used in tests'),
    run,
    async (_args, options) => {
      const pool = await run.agentPool();
      const intervalSeconds = parseSeconds(str(options.interval), '--interval') ?? pool.config.usage.watch.interval_seconds;
      if (intervalSeconds < 1) {
        throw new AgentPoolError('INVALID_TIMEOUT', '--interval must be at least 1 second.', {
          details: { option: '--interval', value: str(options.interval) },
          hint: 'agentpool usage watch --interval 300',
        });
      }
      const timeoutSeconds = parseSeconds(str(options.timeout), '--timeout');
      const timeoutMs = timeoutSeconds === undefined ? undefined : Math.max(1, Math.round(timeoutSeconds * 1000));
      const providers = await watchProviders(pool, options);
      if (options.once === true) {
        const tick = await watchOnce(pool, providers, timeoutMs);
        return { value: tick, human: () => watchTickText(tick) };
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let ticks = 0;
      let events = 0;
      try {
        while (!stop.signal.aborted) {
          const tick = await watchOnce(pool, providers, timeoutMs);
          ticks += 1;
          events += tick.events.length;
          // One line of JSON per refresh (JSON Lines) so a reader can follow the stream.
          process.stdout.write(options.json === true ? `${JSON.stringify(tick)}\n` : `${watchTickText(tick)}\n`);
          await sleep(intervalSeconds * 1000, stop.signal);
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const value = { stopped: true, refreshes: ticks, events };
      const text = `stopped after ${ticks} refresh(es), ${events} event(s)`;
      process.stdout.write(options.json === true ? `${JSON.stringify(value)}\n` : `${text}\n`);
      return { value, human: () => text, printed: true };
    },
  );
}
