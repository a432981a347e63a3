import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { homePaths, type ProviderContext, type UsageReport } from '@agentpool/core';
import { mergeWindows, type NormalisedUsageWindow } from '@agentpool/usage';
import { CLAUDE_STOP_FAILURE_SOURCE, latestLimitFailure } from './claude-limit-failure.js';
import { CLAUDE_LOG_SOURCE, probeClaudeLogEstimate } from './claude-log-usage.js';
import { CLAUDE_OAUTH_SOURCE, CLAUDE_USAGE_DEFAULT_BASE_URL, ClaudeUsageBackoff, probeClaudeOAuthUsage } from './claude-oauth-usage.js';
import { CLAUDE_STATUSLINE_SOURCE, latestStatusLineUsage, statusLineFiles, statusLineUsageWindows } from './claude-statusline-usage.js';
import { CLAUDE_USAGE_SCREEN_SOURCE } from './claude-usage-screen.js';
import { CLAUDE_USAGE_SCREEN_TIMEOUT_MS, type ClaudeUsageScreenProbeResult, probeClaudeUsageScreen } from './claude-usage-screen-probe.js';

/** Environment name (config `providers.claude-code.env`, the account's or agentpool's environment) for the usage endpoint's base URL. */
export const CLAUDE_USAGE_BASE_URL_ENV = 'AGENTPOOL_CLAUDE_USAGE_BASE_URL';

/** The file in the agentpool home's `usage` folder where 429s from the usage endpoint are remembered. */
export const CLAUDE_BACKOFF_FILE = 'claude-oauth-backoff.json';

export interface ClaudeUsageProbeOptions {
  /** Base URL of the usage endpoint; else `AGENTPOOL_CLAUDE_USAGE_BASE_URL`, else the Anthropic API. */
  readonly baseUrl?: string | undefined;
  /** Bound on the HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
  /** Where 429s are remembered; default a file in the agentpool home, so a 429 backs off across runs. */
  readonly backoff?: ClaudeUsageBackoff | undefined;
  /** The `claude` binary for the `/usage` screen probe (only with `context.probeTerminal`); null when it is not installed. */
  readonly binary?: (() => string | null) | undefined;
  /** Bound on the `/usage` screen probe. Default 45 s. */
  readonly screenTimeoutMs?: number | undefined;
}

/** The folder in the agentpool home Claude is started in for the `/usage` screen probe. */
export const CLAUDE_SCREEN_PROBE_DIR = 'claude-usage-screen';

/** The config folder Claude uses: the account's home, `CLAUDE_CONFIG_DIR`, else `~/.claude`. */
export function claudeConfigDir(context: ProviderContext): string {
  return (
    context.account?.home ??
    context.account?.env.CLAUDE_CONFIG_DIR ??
    context.env.CLAUDE_CONFIG_DIR ??
    join(context.env.HOME ?? homedir(), '.claude')
  );
}

function envOf(context: ProviderContext): Record<string, string | undefined> {
  return { ...context.env, ...context.settings.env, ...context.account?.env };
}

/**
 * Probes a Claude account's usage, cheapest sources first, and merges them into one report: the
 * newest statusLine record of this account's workers (free, `local_cli`) and the OAuth usage
 * endpoint (`official`, wins where both name a window), then a 5-hour estimate from the local
 * session logs (`estimated`, ccusage's blocks). A window appears once; a 429 or a failure
 * of one source is a warning while another still reads; with no windows at all the status says why.
 */
export async function probeClaudeUsage(context: ProviderContext, options: ClaudeUsageProbeOptions = {}): Promise<UsageReport> {
  const now = options.now ?? (() => new Date());
  const env = envOf(context);
  const configDir = claudeConfigDir(context);
  const warnings: string[] = [];

  const recorderFiles = statusLineFiles(homePaths(context.home).artifacts);
  // The statusLine and the endpoint are independent: read together, so the probe takes as long as the slower.
  const [status, oauth] = await Promise.all([
    recorderFiles.then((files) => latestStatusLineUsage(files, configDir)),
    probeClaudeOAuthUsage({
      configDir,
      baseUrl: options.baseUrl ?? env[CLAUDE_USAGE_BASE_URL_ENV] ?? CLAUDE_USAGE_DEFAULT_BASE_URL,
      apiKeyInEnv: Boolean(env.ANTHROPIC_API_KEY || env.ANTHROPIC_AUTH_TOKEN),
      timeoutMs: options.timeoutMs ?? 10_000,
      signal: context.signal,
      now,
      backoff: options.backoff ?? new ClaudeUsageBackoff({ file: join(context.home, 'usage', CLAUDE_BACKOFF_FILE) }),
    }),
  ]);
  let statusLineWindows: NormalisedUsageWindow[] = [];
  if (status.skipped > 0) warnings.push(`${CLAUDE_STATUSLINE_SOURCE}: skipped ${status.skipped} line(s) that were not whole records`);
  if (status.latest) {
    const read = statusLineUsageWindows(status.latest.usage, status.latest.at);
    warnings.push(...read.warnings.map((warning) => `${CLAUDE_STATUSLINE_SOURCE}: ${warning}`));
    // A figure from before its window reset says nothing about the window now.
    statusLineWindows = read.windows.filter((window) => window.resetsAt === null || Date.parse(window.resetsAt) > now().getTime());
  }

  warnings.push(...oauth.warnings.map((warning) => `${CLAUDE_OAUTH_SOURCE}: ${warning}`));

  // Claude's own /usage screen, only when the caller allowed it (`--interactive`) and the endpoint
  // gave no figures: it reads the same endpoint, so with an answer in hand it would add nothing but
  // a start of the TUI. It can where agentpool cannot: renew an expired token, read a login kept
  // outside `.credentials.json`.
  let screen: ClaudeUsageScreenProbeResult | null = null;
  if (context.probeTerminal && oauth.status !== 'ok' && oauth.status !== 'unsupported') {
    const binary = options.binary?.() ?? null;
    screen = binary
      ? await probeClaudeUsageScreen({
          terminal: context.probeTerminal,
          binary,
          configDir,
          env,
          cwd: join(context.home, 'usage', CLAUDE_SCREEN_PROBE_DIR),
          timeoutMs: options.screenTimeoutMs ?? CLAUDE_USAGE_SCREEN_TIMEOUT_MS,
          signal: context.signal,
          now,
        })
      : { status: 'failed', warnings: ['claude is not installed, so its /usage screen cannot be read'] };
    // Its failure is the reason the caller asked about: first.
    const said = screen.warnings.map((warning) => `${CLAUDE_USAGE_SCREEN_SOURCE}: ${warning}`);
    if (screen.status === 'ok') warnings.push(...said);
    else warnings.unshift(...said);
  }

  // The local logs' estimate is `estimated`: any reading of the provider's own figure wins, so the
  // logs are scanned only when no such reading has a 5-hour window, and never for an API-key user
  // or an account the endpoint reports no windows for (no limit to estimate against).
  const readSoFar = mergeWindows(
    oauth.status === 'ok' ? oauth.windows : [],
    statusLineWindows,
    screen?.status === 'ok' ? screen.windows : [],
  );
  const estimate =
    oauth.status === 'unsupported' || readSoFar.some((window) => window.kind === '5h')
      ? { windows: [], corruptLines: 0, reason: null }
      : await probeClaudeLogEstimate(configDir, now(), context.probeState);
  if (estimate.corruptLines > 0)
    warnings.push(`${CLAUDE_LOG_SOURCE}: skipped ${estimate.corruptLines} corrupt line(s) in the session logs`);

  const windows = mergeWindows(readSoFar, estimate.windows);
  // Why there is no estimate matters only when nothing else was read.
  if (estimate.reason && (windows.length === 0 || windows.every((window) => window.confidence === 'estimated'))) {
    warnings.push(`${CLAUDE_LOG_SOURCE}: ${estimate.reason}`);
  }
  const base = { providerId: 'claude-code', ...(context.account ? { accountId: context.account.id } : {}) };
  // A worker's turn that Claude ended on its rate limit, with no reading of the limits since: the
  // limit is reached, whatever an older figure or an estimate says.
  const failure = await latestLimitFailure((await recorderFiles).map(dirname), configDir, now());
  const readSince =
    oauth.status === 'ok' ||
    screen?.status === 'ok' ||
    (status.latest !== null && status.latest.at.getTime() > (failure?.at.getTime() ?? 0));
  if (failure && !readSince) {
    const said = failure.message ? `: "${failure.message}"` : '';
    const reason = `${CLAUDE_STOP_FAILURE_SOURCE}: a worker's turn ended on Claude's rate limit at ${failure.at.toISOString()}${said}; no reading of the limits since`;
    return { ...base, windows, warnings: [reason, ...warnings], status: 'limit_reached' };
  }
  if (windows.length > 0) return { ...base, windows, warnings, status: 'ok' };
  const reportStatus = screen
    ? screen.status === 'ok'
      ? 'failed'
      : screen.status
    : oauth.status === 'ok' || oauth.status === 'rate_limited'
      ? 'failed'
      : oauth.status;
  // The reason first: a snapshot takes its first warning as the reason the quota is unknown.
  const reason = warnings.filter((warning) => warning.startsWith(screen ? CLAUDE_USAGE_SCREEN_SOURCE : CLAUDE_OAUTH_SOURCE));
  return { ...base, windows: [], warnings: [...reason, ...warnings.filter((warning) => !reason.includes(warning))], status: reportStatus };
}
