import { type ProviderContext, providerEnv, type UsageReport, type UsageWindow } from '@agentpool/core';
import { collectWindow, describeHttpResult, normaliseWindow, requestJson, runCli, usageReportFor } from '@agentpool/usage';

export const COPILOT_PROVIDER_ID = 'copilot-cli';
/** GitHub's API; `copilot_internal/user` is what Copilot's own clients read their quota from. */
export const COPILOT_USAGE_BASE_URL = 'https://api.github.com';
/** Read from the provider's environment (config `providers.copilot-cli.env`) when the factory sets no base URL. */
export const COPILOT_USAGE_BASE_URL_VARIABLE = 'AGENTPOOL_COPILOT_USAGE_URL';
const SOURCE = 'copilot-internal-user';
/** Token variables, in the order Copilot CLI itself reads them (AGENTPOOL_COPILOT_TOKEN first: agentpool's own override). */
const TOKEN_VARIABLES = ['AGENTPOOL_COPILOT_TOKEN', 'COPILOT_GITHUB_TOKEN', 'GH_TOKEN', 'GITHUB_TOKEN'] as const;
/** Read in this order; a Free plan meters `chat` and `completions`, a paid one `premium_interactions`. */
const QUOTAS = ['premium_interactions', 'chat', 'completions'] as const;

export interface CopilotUsageOptions {
  /** Base URL of the GitHub API (a loopback server in tests). */
  readonly baseUrl?: string | undefined;
  /** Bound on the HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  /** Bound on `gh auth token`. Default 5 s. */
  readonly ghTimeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

interface QuotaSnapshot {
  readonly entitlement?: unknown;
  readonly remaining?: unknown;
  readonly percent_remaining?: unknown;
  readonly unlimited?: unknown;
  readonly has_quota?: unknown;
}

type TokenLookup = { readonly token: string; readonly from: string } | { readonly token: null; readonly reason: string };

/**
 * The token Copilot would use: an environment variable, else GitHub CLI's login (`gh auth token`,
 * bounded). For an account, only what that account sets counts (its variables, or its own
 * `GH_CONFIG_DIR` for gh): the caller's token or gh's default login may be another GitHub account's.
 */
async function findToken(
  context: ProviderContext,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs: number,
): Promise<TokenLookup> {
  const own = context.account ? context.account.env : env;
  for (const name of TOKEN_VARIABLES) {
    const value = own[name]?.trim();
    if (value) return { token: value, from: name };
  }
  if (context.account && !context.account.env.GH_CONFIG_DIR) {
    return {
      token: null,
      reason: `account ${context.account.id} sets no ${TOKEN_VARIABLES.join(', ')} and no GH_CONFIG_DIR of its own: Copilot's /login for its home is in the system keychain, and gh's default login may be another account's`,
    };
  }
  const run = await runCli({
    command: 'gh',
    args: ['auth', 'token', '--hostname', 'github.com'],
    env: { ...env, GH_PROMPT_DISABLED: '1', GH_NO_UPDATE_NOTIFIER: '1' } as NodeJS.ProcessEnv,
    timeoutMs,
    signal: context.signal,
    maxOutputBytes: 16 * 1024,
  });
  const none = `no token in ${TOKEN_VARIABLES.join(', ')}`;
  if (run.kind === 'spawn_error')
    return { token: null, reason: `${none}, and GitHub CLI (gh) could not be run (${run.code ?? run.message})` };
  if (run.kind === 'timeout') return { token: null, reason: `${none}, and \`gh auth token\` gave no answer within ${timeoutMs / 1000} s` };
  if (run.kind === 'aborted') return { token: null, reason: `${none}; \`gh auth token\` was aborted` };
  const token = run.stdout.trim();
  // The token itself is never put in a reason: only gh's (scrubbed) complaint.
  if (run.kind !== 'ok' || !token || /\s/.test(token)) {
    const said = run.stderr.trim().split('\n')[0] ?? '';
    return { token: null, reason: `${none}, and GitHub CLI has no login for github.com${said ? ` (gh: ${said.slice(0, 160)})` : ''}` };
  }
  return { token, from: 'gh auth token' };
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** `2026-12-01` (a date, UTC midnight) or a full ISO time. */
function resetOf(value: unknown): string | null {
  if (typeof value !== 'string' || !value.trim()) return null;
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value.trim()) ? `${value.trim()}T00:00:00Z` : value.trim();
  return Number.isNaN(Date.parse(text)) ? null : text;
}

/**
 * Windows from a `copilot_internal/user` answer: one monthly window per metered quota snapshot
 * (`premium_interactions`, `chat`, `completions`), with absolute requests. `percent_remaining` is
 * kept as given (negative in overage); an unlimited quota, or one that is not metered
 * (`has_quota: false`, or no entitlement), has no window.
 */
export function copilotWindowsFrom(data: unknown, observedAt: Date): { windows: UsageWindow[]; warnings: string[]; unlimited: string[] } {
  const windows: UsageWindow[] = [];
  const warnings: string[] = [];
  const unlimited: string[] = [];
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  const snapshots = body.quota_snapshots;
  if (typeof snapshots !== 'object' || snapshots === null) {
    warnings.push(`the answer has no quota_snapshots${typeof body.copilot_plan === 'string' ? ` (plan ${body.copilot_plan})` : ''}`);
    return { windows, warnings, unlimited };
  }
  const resetsAt = resetOf(body.quota_reset_date_utc ?? body.quota_reset_date);
  // Since GitHub's 2026 AI-credits billing (`token_based_billing: true`) a paid plan's premium quota
  // counts credits (1 credit = $0.01); chat and completions stay request counts.
  const unitOf = (name: string) => (name === 'premium_interactions' && body.token_based_billing === true ? 'credits' : 'requests');
  for (const name of QUOTAS) {
    const raw = (snapshots as Record<string, unknown>)[name];
    if (raw === null || raw === undefined) continue;
    const snapshot = raw as QuotaSnapshot;
    if (snapshot.unlimited === true) {
      unlimited.push(name);
      continue;
    }
    const entitlement = isNumber(snapshot.entitlement) ? snapshot.entitlement : null;
    const remaining = isNumber(snapshot.remaining) ? snapshot.remaining : null;
    // Not metered (a Free plan's `premium_interactions`: entitlement 0, 0 % left): no window, not an exhausted one.
    if (snapshot.has_quota === false || (snapshot.has_quota === undefined && entitlement !== null && entitlement <= 0)) continue;
    const result = normaliseWindow({
      name,
      kind: 'monthly',
      scope: name,
      remainingPercent: isNumber(snapshot.percent_remaining) ? snapshot.percent_remaining : null,
      ...(entitlement !== null && remaining !== null ? { used: entitlement - remaining, limit: entitlement, unit: unitOf(name) } : {}),
      resetsAt,
      source: SOURCE,
      confidence: 'official',
      observedAt,
    });
    collectWindow(result, windows, warnings);
  }
  if (resetsAt === null && windows.length > 0) warnings.push('quota_reset_date missing or unreadable: reset unknown');
  return { windows, warnings, unlimited };
}

/** Reads Copilot's monthly quotas from the GitHub API with the token Copilot would use; the token is only sent, never kept. */
export async function probeCopilotUsage(context: ProviderContext, options: CopilotUsageOptions = {}): Promise<UsageReport> {
  const env = providerEnv(context);
  const accountId = context.account?.id;
  const report = usageReportFor(COPILOT_PROVIDER_ID, accountId);
  const found = await findToken(context, env, options.ghTimeoutMs ?? 5000);
  if (found.token === null) return report(context.account ? 'unsupported' : 'unauthenticated', [found.reason]);
  const now = options.now ?? (() => new Date());
  const result = await requestJson({
    baseUrl: options.baseUrl ?? env[COPILOT_USAGE_BASE_URL_VARIABLE] ?? COPILOT_USAGE_BASE_URL,
    path: 'copilot_internal/user',
    headers: { authorization: `token ${found.token}`, 'user-agent': 'agentpool', 'x-github-api-version': '2022-11-28' },
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: context.signal,
    now,
  });
  if (result.kind !== 'ok') {
    const why = describeHttpResult(result);
    if (result.kind === 'http_error' && (result.status === 401 || result.status === 403 || result.status === 404)) {
      return report('unauthenticated', [`the token from ${found.from} does not allow reading Copilot quotas: ${why}`]);
    }
    return report('failed', [`copilot_internal/user: ${why}`]);
  }
  const { windows, warnings, unlimited } = copilotWindowsFrom(result.data, now());
  if (windows.length > 0) return report('ok', warnings, windows);
  if (unlimited.length > 0) return report('no_limits', [`unlimited: ${unlimited.join(', ')}`, ...warnings]);
  return report('failed', [`copilot_internal/user: no quota could be read: ${warnings.join('; ') || 'no quota snapshots'}`]);
}
