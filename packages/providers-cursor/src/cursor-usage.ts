import { readFileSync } from 'node:fs';
import { type ProviderContext, providerEnv, type UsageReport, type UsageWindow } from '@agentpool/core';
import { describeHttpResult, normaliseWindow, requestJson, usageReportFor } from '@agentpool/usage';
import { cursorAuthFiles } from './cursor-auth-files.js';

export const CURSOR_PROVIDER_ID = 'cursor-cli';
/** Cursor's dashboard API (`/api/usage-summary`, what cursor.com's own usage page reads). */
export const CURSOR_USAGE_BASE_URL = 'https://cursor.com';
/** Read from the provider's environment (config `providers.cursor-cli.env`) when the factory sets no base URL. */
export const CURSOR_USAGE_BASE_URL_VARIABLE = 'AGENTPOOL_CURSOR_USAGE_URL';
const SOURCE = 'cursor-usage-summary';

export interface CursorUsageOptions {
  /** Base URL of Cursor's dashboard API (a loopback server in tests). */
  readonly baseUrl?: string | undefined;
  /** Bound on the HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/** ISO text or Unix milliseconds (as a number or a string of digits). */
function timeOf(value: unknown): Date | null {
  if (typeof value === 'string' && /^\d+$/.test(value)) return new Date(Number(value));
  if (typeof value !== 'string' && !isNumber(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * The plan window from a `usage-summary` answer: `individualUsage.plan{used, limit, remaining,
 * totalPercentUsed}` over `billingCycleStart`..`billingCycleEnd`. Amounts are US cents (a $20
 * plan's limit is 2000) and are kept in dollars; the window's kind comes from the cycle's length.
 */
export function cursorWindowsFrom(data: unknown, observedAt: Date): { windows: UsageWindow[]; warnings: string[]; unlimited: boolean } {
  const body = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (body.isUnlimited === true) return { windows: [], warnings: [], unlimited: true };
  const plan = (body.individualUsage as { plan?: Record<string, unknown> | null } | undefined)?.plan;
  if (typeof plan !== 'object' || plan === null)
    return { windows: [], warnings: ['the answer has no individualUsage.plan'], unlimited: false };
  const start = timeOf(body.billingCycleStart);
  const end = timeOf(body.billingCycleEnd);
  const warnings: string[] = [];
  if (end === null) warnings.push('billingCycleEnd missing or unreadable: reset unknown');
  const used = isNumber(plan.used) ? plan.used : null;
  const limit = isNumber(plan.limit) && plan.limit > 0 ? plan.limit : null;
  const result = normaliseWindow({
    name: 'plan',
    durationSeconds: start && end ? (end.getTime() - start.getTime()) / 1000 : null,
    kind: 'monthly',
    scope: 'plan',
    usedPercent: isNumber(plan.totalPercentUsed) ? plan.totalPercentUsed : null,
    ...(used !== null && limit !== null ? { used: used / 100, limit: limit / 100, unit: 'usd' } : {}),
    resetsAt: end,
    source: SOURCE,
    confidence: 'official',
    observedAt,
  });
  if (!result.ok) return { windows: [], warnings: [...warnings, result.problem], unlimited: false };
  return { windows: [result.window], warnings: [...warnings, ...result.warnings], unlimited: false };
}

/** The user id and expiry in a Cursor access token (a JWT whose `sub` is `auth0|user_…`); decoded in memory only. */
function claimsOf(token: string): { userId: string; expiresAt: number | null } | null {
  try {
    const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { sub?: unknown; exp?: unknown };
    if (typeof payload.sub !== 'string' || !payload.sub) return null;
    const userId = payload.sub.includes('|') ? (payload.sub.split('|').pop() ?? '') : payload.sub;
    return userId ? { userId, expiresAt: isNumber(payload.exp) ? payload.exp * 1000 : null } : null;
  } catch {
    return null;
  }
}

type Login = { readonly token: string; readonly userId: string } | { readonly status: UsageReport['status']; readonly reason: string };

/** cursor-agent's stored login (`auth.json` `accessToken`), read in place. An API key does not open the dashboard API. */
function loginOf(context: ProviderContext, env: Readonly<Record<string, string | undefined>>, now: Date): Login {
  const files = cursorAuthFiles(context);
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    let token: unknown;
    try {
      token = (JSON.parse(text) as { accessToken?: unknown }).accessToken;
    } catch {
      return { status: 'failed', reason: `${file} is not readable JSON` };
    }
    if (typeof token !== 'string' || !token.trim()) return { status: 'unsupported', reason: `${file} holds no accessToken` };
    const claims = claimsOf(token.trim());
    if (!claims) return { status: 'unsupported', reason: `the accessToken in ${file} is not a token the dashboard API takes (no user id)` };
    if (claims.expiresAt !== null && claims.expiresAt <= now.getTime()) {
      return {
        status: 'unsupported',
        reason: `the accessToken in ${file} expired at ${new Date(claims.expiresAt).toISOString()}; cursor-agent renews it on its next run (agentpool does not)`,
      };
    }
    return { token: token.trim(), userId: claims.userId };
  }
  if (env.CURSOR_API_KEY) {
    return {
      status: 'unsupported',
      reason: 'only CURSOR_API_KEY is set: an API key does not open usage-summary (it needs a cursor-agent login)',
    };
  }
  return { status: 'unauthenticated', reason: `no cursor-agent login (${files.join(' or ')})` };
}

/**
 * Reads the plan's usage for this billing cycle from Cursor's `api/usage-summary` with the session
 * of cursor-agent's stored login (the `WorkosCursorSessionToken` cookie cursor.com itself uses), sent and never kept.
 */
export async function probeCursorUsage(context: ProviderContext, options: CursorUsageOptions = {}): Promise<UsageReport> {
  const env = providerEnv(context);
  const accountId = context.account?.id;
  const report = usageReportFor(CURSOR_PROVIDER_ID, accountId);
  const now = options.now ?? (() => new Date());
  const login = loginOf(context, env, now());
  if (!('token' in login)) return report(login.status, [login.reason]);
  const result = await requestJson({
    baseUrl: options.baseUrl ?? env[CURSOR_USAGE_BASE_URL_VARIABLE] ?? CURSOR_USAGE_BASE_URL,
    path: 'api/usage-summary',
    headers: { cookie: `WorkosCursorSessionToken=${login.userId}%3A%3A${login.token}` },
    secrets: [login.token],
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: context.signal,
    now,
  });
  if (result.kind !== 'ok') {
    const why = describeHttpResult(result);
    if (result.kind === 'http_error' && (result.status === 401 || result.status === 403)) {
      return report('unauthenticated', [`the cursor-agent login was refused: ${why}`]);
    }
    return report('failed', [`api/usage-summary: ${why}`]);
  }
  const { windows, warnings, unlimited } = cursorWindowsFrom(result.data, now());
  if (windows.length > 0) return report('ok', warnings, windows);
  if (unlimited) return report('no_limits', ['usage-summary: isUnlimited']);
  return report('failed', [`api/usage-summary: no usage could be read: ${warnings.join('; ')}`]);
}
