import { AgentPoolError, echoValue, type UsageWindowKind } from '@agentpool/core';
import {
  currentSnapshot,
  relativeTime,
  USAGE_REFRESH_TIMEOUT_MS,
  type UsageSummary,
  type UsageSummaryRow,
  type UsageWindowView,
} from '@agentpool/sdk';
import { checkMinRemainingPercent, createSnapshot, USAGE_BACKEND_CHOICES, type UsageBackendChoice, usableVerdict } from '@agentpool/usage';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseSeconds, providerList } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';
import { startRefreshProgress } from './refresh-progress.js';
import { registerUsageTokens } from './usage-tokens.js';
import { registerUsageWatch } from './usage-watch.js';

/** `guard`'s exit code when the provider's usage cannot be read (EX_UNAVAILABLE): a script can tell it from "below the buffer". */
export const GUARD_UNKNOWN_EXIT = 69;
const WINDOW_KINDS: readonly UsageWindowKind[] = ['5h', 'daily', 'weekly', 'monthly', 'session'];
const BAR_CELLS = 10;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

function timeoutMsOf(options: Options): number | undefined {
  const seconds = parseSeconds(str(options.timeout), '--timeout');
  if (seconds === undefined) return undefined;
  if (seconds <= 0) {
    throw new AgentPoolError('INVALID_TIMEOUT', '--timeout must be more than 0 seconds.', {
      details: { option: '--timeout', value: str(options.timeout) },
      hint: `agentpool usage-summary --refresh --timeout ${USAGE_REFRESH_TIMEOUT_MS / 1000}`,
    });
  }
  return Math.max(1, Math.round(seconds * 1000));
}

const pad2 = (value: number): string => String(value).padStart(2, '0');

/** A reset in local time: `14:13` today, else `2030-01-05 00:00`. */
export function localTime(iso: string, now: Date): string {
  const date = new Date(iso);
  const clock = `${pad2(date.getHours())}:${pad2(date.getMinutes())}`;
  return date.toDateString() === now.toDateString()
    ? clock
    : `${date.getFullYear()}-${pad2(date.getMonth() + 1)}-${pad2(date.getDate())} ${clock}`;
}

/** `[███████░░░]`: what is left of the window. */
export function remainingBar(remainingPercent: number): string {
  const filled = Math.round((Math.min(100, Math.max(0, remainingPercent)) / 100) * BAR_CELLS);
  return `[${'█'.repeat(filled)}${'░'.repeat(BAR_CELLS - filled)}]`;
}

function ageText(seconds: number | null): string {
  if (seconds === null) return 'never probed';
  if (seconds < 60) return `${seconds}s old`;
  return `${relativeTime(new Date(0), new Date(seconds * 1000)).replace(/ ago$/, '')} old`;
}

function windowText(window: UsageWindowView, now: Date): string {
  const reset =
    window.resets_at === null
      ? 'reset unknown'
      : window.reset_passed
        ? `reset at ${localTime(window.resets_at, now)} (passed)`
        : `resets ${localTime(window.resets_at, now)} (${relativeTime(window.resets_at, now)})`;
  return `${window.kind} ${remainingBar(window.remaining_percent)} ${window.remaining_percent}% left, ${reset}`;
}

/** One line per provider: verdict, a bar per window, confidence and age. */
export function usageRowText(row: UsageSummaryRow, now: Date, width: number): string {
  const verdict = row.usable ? 'usable' : row.status === 'ok' ? 'low' : row.status;
  const windows = row.windows.length > 0 ? row.windows.map((window) => windowText(window, now)).join(' · ') : (row.reason ?? 'no windows');
  const notes = [row.confidence, ageText(row.age_seconds), ...(row.stale ? ['stale'] : []), ...(row.late ? ['late'] : [])].join(', ');
  const why = !row.usable && row.windows.length > 0 && row.reason ? `  — ${row.reason}` : '';
  return `${row.provider.padEnd(width)}  ${verdict.padEnd(13)}  ${windows}  (${notes})${why}`;
}

function summaryText(summary: UsageSummary): string {
  const now = new Date(summary.generated_at);
  const rows = Object.values(summary.providers);
  if (rows.length === 0) return 'no providers';
  const width = Math.max(...rows.map((row) => row.provider.length));
  const lines = rows.map((row) => usageRowText(row, now, width));
  if (summary.partial) lines.push(`partial: no answer in time from ${summary.late_providers.join(', ')}`);
  const backends = backendsText(summary);
  if (backends) lines.push(backends);
  return lines.join('\n');
}

function backendOf(options: Options): UsageBackendChoice | undefined {
  const backend = oneOf(str(options.backend), USAGE_BACKEND_CHOICES, '--backend', 'agentpool usage --backend combined');
  if (backend !== undefined && backend !== 'native' && options.cached === true) {
    throw new AgentPoolError('INVALID_REQUEST', `--cached probes nothing, so --backend ${backend} would read nothing.`, {
      details: { option: '--backend', value: backend },
      hint: `agentpool usage --backend ${backend}   (or agentpool usage --cached)`,
    });
  }
  return backend;
}

/** The backends line under the rows, when a backend other than native was asked for. */
function backendsText(summary: UsageSummary): string | null {
  if (summary.backend === 'native') return null;
  const parts = summary.backends.map((backend) =>
    backend.installed ? `${backend.name} ${backend.used ? 'used' : 'not used'}` : `${backend.name} not installed (${backend.install_hint})`,
  );
  return `backend ${summary.backend}: ${parts.join('; ')}`;
}

/**
 * `--interactive` lets probes start a provider's own TUI (Claude's `/usage` screen); `--no-interactive`
 * (the default) never does. With `--cached` nothing is probed, so asking for it is a mistake.
 */
function interactiveOf(options: Options): boolean {
  const interactive = options.interactive === true;
  if (interactive && options.cached === true) {
    throw new AgentPoolError('INVALID_REQUEST', '--cached probes nothing, so --interactive would start nothing.', {
      details: { option: '--interactive', example: 'agentpool usage --provider claude-code --interactive' },
      hint: 'agentpool usage --provider claude-code --interactive   (or agentpool usage --cached)',
    });
  }
  return interactive;
}

async function summaryFor(run: CliRun, options: Options, mode: { refresh: boolean; cachedOnly: boolean }): Promise<UsageSummary> {
  const backend = backendOf(options);
  const interactive = interactiveOf(options);
  const pool = await run.agentPool();
  const progress = startRefreshProgress(process.stderr);
  try {
    return await pool.usage.summary({
      backend,
      providers: providerList(str(options.provider), 'agentpool usage-summary --provider codex-cli'),
      includeTestProviders: options.includeTestProviders === true,
      refresh: mode.refresh,
      cachedOnly: mode.cachedOnly,
      timeoutMs: timeoutMsOf(options),
      interactive,
      onRefreshStart: (ids) => progress.start(ids),
      onProviderDone: (snapshot, late) => progress.providerDone(snapshot, late),
    });
  } finally {
    progress.stop();
  }
}

/** What `guard` decided, and the exit code it ends with. */
export interface GuardView {
  readonly provider: string;
  readonly verdict: 'usable' | 'below_buffer' | 'unknown';
  readonly usable: boolean;
  readonly exit_code: 0 | 1 | 69;
  readonly window: UsageWindowKind | null;
  readonly min_remaining_percent: number;
  readonly binding_window: { readonly name: string; readonly kind: UsageWindowKind; readonly remaining_percent: number } | null;
  readonly resets_at: string | null;
  readonly reason: string | null;
  readonly fetched_at: string | null;
  readonly age_seconds: number | null;
}

function parseMinRemaining(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const number = value.trim() === '' ? Number.NaN : Number(value);
  try {
    return checkMinRemainingPercent(number);
  } catch {
    const shown = echoValue(value);
    throw new AgentPoolError('INVALID_REQUEST', `--min-remaining must be a percentage from 0 to 100, got "${shown}".`, {
      details: { option: '--min-remaining', value: shown },
      hint: 'agentpool guard --provider codex-cli --min-remaining 10',
    });
  }
}

export function registerUsageCommands(program: Command, run: CliRun): void {
  const usage = defineAction(
    program
      .command('usage')
      .description("probe each provider's usage limits (in parallel, under one time budget) and show every window")
      .option('--provider <ids>', 'only these providers (comma-separated)')
      .option('--cached', 'show the cached snapshots; probe nothing')
      .option(
        '--backend <name>',
        "what to read: native (the providers' own probes, default), codexbar, ccusage, or combined (native plus every installed backend)",
      )
      .option('--timeout <seconds>', `the refresh's time budget (default ${USAGE_REFRESH_TIMEOUT_MS / 1000})`)
      .option(
        '--interactive',
        "also read a provider's own usage screen where its cheaper sources gave no figures (starts Claude Code's TUI in a private terminal and types /usage; slower; default budget 60 s)",
      )
      .option('--no-interactive', 'never start a provider TUI to read usage (the default)')
      .option('--include-test-providers', 'also the fake providers used in tests'),
    run,
    async (_args, options) => {
      const cachedOnly = options.cached === true;
      const summary = await summaryFor(run, options, { refresh: !cachedOnly, cachedOnly });
      const value = { ...summary, providers: Object.values(summary.providers) };
      return { value, human: () => summaryText(summary) };
    },
  );
  registerUsageWatch(usage, run);
  registerUsageTokens(usage, run);

  defineAction(
    program
      .command('usage-summary')
      .alias('capacity-summary')
      .description('whether each provider can take work now, keyed by provider id (reads the cache; probes what was never probed)')
      .option('--provider <ids>', 'only these providers (comma-separated)')
      .option('--refresh', 'probe every provider now instead of reading the cache')
      .option(
        '--backend <name>',
        "what to read: native (the providers' own probes, default), codexbar, ccusage, or combined (native plus every installed backend)",
      )
      .option('--timeout <seconds>', `the refresh's time budget (default ${USAGE_REFRESH_TIMEOUT_MS / 1000})`)
      .option(
        '--interactive',
        "also read a provider's own usage screen where its cheaper sources gave no figures (starts Claude Code's TUI in a private terminal and types /usage; slower; default budget 60 s)",
      )
      .option('--no-interactive', 'never start a provider TUI to read usage (the default)')
      .option('--include-test-providers', 'also the fake providers used in tests'),
    run,
    async (_args, options) => {
      const summary = await summaryFor(run, options, { refresh: options.refresh === true, cachedOnly: false });
      return { value: summary, human: () => summaryText(summary) };
    },
  );

  defineAction(
    program
      .command('guard')
      .description(`exit 0 when a provider can take work, 1 when a window is at or below the buffer, ${GUARD_UNKNOWN_EXIT} when unknown`)
      .option('--provider <id>', 'the provider to check')
      .option('--min-remaining <percent>', 'the buffer, 0..100 (default: policy.min_remaining_percent)')
      .option('--window <kind>', `check only this window: ${WINDOW_KINDS.join(' | ')}`)
      .option('--refresh', 'probe now instead of reading the cache'),
    run,
    async (_args, options) => {
      const provider = str(options.provider);
      if (provider === undefined || provider.includes(',')) {
        throw new AgentPoolError('INVALID_REQUEST', 'guard needs one --provider.', {
          hint: 'agentpool guard --provider codex-cli --min-remaining 10',
        });
      }
      const pool = await run.agentPool();
      const min = parseMinRemaining(str(options.minRemaining), pool.config.policy.min_remaining_percent);
      const kind = oneOf(str(options.window), WINDOW_KINDS, '--window', `agentpool guard --provider ${provider} --window 5h`);
      const summary = await pool.usage.summary({ providers: [provider], refresh: options.refresh === true, minRemainingPercent: min });
      const row = summary.providers[provider];
      const cached = await pool.usage.cached(provider);
      const now = new Date(summary.generated_at);
      const base = {
        provider,
        window: kind ?? null,
        min_remaining_percent: min,
        fetched_at: row?.fetched_at ?? null,
        age_seconds: row?.age_seconds ?? null,
      };
      const unknown = (reason: string): GuardView => ({
        ...base,
        verdict: 'unknown',
        usable: false,
        exit_code: GUARD_UNKNOWN_EXIT,
        binding_window: null,
        resets_at: null,
        reason,
      });
      let view: GuardView;
      const current = cached ? currentSnapshot(cached, now) : null;
      if (current === null || current.status === 'unknown' || current.status === 'error') {
        view = unknown(current?.reason ?? row?.reason ?? 'usage unknown');
      } else {
        let snapshot = current;
        if (kind !== undefined) {
          if (!cached?.windows.some((window) => window.kind === kind)) {
            const has = [...new Set(cached?.windows.map((window) => window.kind) ?? [])];
            throw new AgentPoolError('INVALID_REQUEST', `${provider} has no ${kind} window (it reports: ${has.join(', ') || 'none'}).`, {
              details: { provider, window: kind, windows: has },
              hint: `agentpool guard --provider ${provider}${has[0] ? ` --window ${has[0]}` : ''}`,
            });
          }
          const windows = current.windows.filter((window) => window.kind === kind);
          snapshot = createSnapshot({
            ...current,
            windows,
            status:
              current.status === 'limit_reached' && !current.windows.some((window) => window.remainingPercent <= 0)
                ? 'limit_reached'
                : undefined,
            reason: null,
          });
        }
        if (snapshot.status === 'unknown') view = unknown(snapshot.reason ?? `the ${kind} window has reset since the last probe`);
        else {
          const verdict = usableVerdict(snapshot, min);
          const binding = verdict.bindingWindow;
          view = {
            ...base,
            verdict: verdict.usable ? 'usable' : 'below_buffer',
            usable: verdict.usable,
            exit_code: verdict.usable ? 0 : 1,
            binding_window: binding ? { name: binding.name, kind: binding.kind, remaining_percent: binding.remainingPercent } : null,
            resets_at: verdict.nextAvailableAt,
            reason: verdict.reason,
          };
        }
      }
      const human = () => {
        const at = view.resets_at ? `; resets ${localTime(view.resets_at, now)} (${relativeTime(view.resets_at, now)})` : '';
        if (view.verdict === 'usable')
          return `${provider}: usable${view.binding_window ? ` (${view.binding_window.kind} ${view.binding_window.remaining_percent}% left)` : ''}`;
        return `${provider}: ${view.verdict === 'unknown' ? 'unknown' : 'below the buffer'} — ${view.reason ?? 'no reason'}${at}`;
      };
      return { value: view, human, exitCode: view.exit_code };
    },
  );
}
