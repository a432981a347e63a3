import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createSnapshot, describeHttpResult, type NormalisedUsageWindow, requestJson, type UsageSnapshot } from '@agentpool/usage';
import { CODEX_PROVIDER_ID, codexWindow, failedSnapshot, isRecord } from './codex-rate-window.js';

export const WHAM_SOURCE = 'codex-wham-usage';

/** Where Codex itself reads ChatGPT data when `chatgpt_base_url` is not set. */
export const DEFAULT_CHATGPT_BASE_URL = 'https://chatgpt.com/backend-api/';

export interface WhamUsageOptions {
  /** The Codex home whose `auth.json` holds the ChatGPT login (read in place, never copied or logged). */
  readonly codexHome: string;
  /** `https://chatgpt.com/backend-api/` or a loopback server. */
  readonly baseUrl: string;
  readonly accountId?: string | null | undefined;
  /** Default 8 s. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => Date) | undefined;
}

/** Why the home has no token to ask with: no `auth.json`, an API-key login, or a file that cannot be read. */
export type WhamAuthProblem = 'missing' | 'api_key' | 'no_token' | 'unreadable' | 'malformed';

export interface WhamUsage {
  readonly snapshot: UsageSnapshot;
  readonly authProblem: WhamAuthProblem | null;
  /** When the endpoint said 429: the time to ask again, if it said. */
  readonly retryAt: string | null;
  readonly planType: string | null;
}

/** The usage path Codex uses for a base URL: ChatGPT's backend has `wham/usage`, a Codex API host `api/codex/usage`. */
export function whamUsagePath(baseUrl: string): string {
  return baseUrl.includes('/backend-api') ? 'wham/usage' : 'api/codex/usage';
}

/** `chatgpt_base_url` from the home's config.toml, when it sets one at top level. */
export async function chatgptBaseUrlOf(codexHome: string): Promise<string | null> {
  const text = await readFile(join(codexHome, 'config.toml'), 'utf8').catch(() => null);
  if (text === null) return null;
  for (const line of text.split('\n')) {
    if (/^\s*\[/.test(line)) break; // tables start: the key is top-level only
    const match = /^\s*chatgpt_base_url\s*=\s*(?:"([^"]*)"|'([^']*)')/.exec(line);
    if (match) return match[1] ?? match[2] ?? null;
  }
  return null;
}

interface StoredLogin {
  readonly token: string | null;
  readonly chatgptAccountId: string | null;
  readonly problem: WhamAuthProblem | null;
  readonly detail: string;
}

/** Reads the token from `auth.json` where it lies. Nothing of the file's content reaches a message. */
async function readLogin(codexHome: string): Promise<StoredLogin> {
  const path = join(codexHome, 'auth.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    if (code === 'ENOENT')
      return { token: null, chatgptAccountId: null, problem: 'missing', detail: `no ChatGPT login: ${path} does not exist` };
    return { token: null, chatgptAccountId: null, problem: 'unreadable', detail: `${path} cannot be read (${code})` };
  }
  let auth: unknown;
  try {
    auth = JSON.parse(text);
  } catch {
    // The parser's message quotes the text: it is left out.
    return { token: null, chatgptAccountId: null, problem: 'malformed', detail: `${path} is not valid JSON` };
  }
  const tokens = isRecord(auth) && isRecord(auth.tokens) ? auth.tokens : null;
  const token = tokens && typeof tokens.access_token === 'string' && tokens.access_token !== '' ? tokens.access_token : null;
  const chatgptAccountId = tokens && typeof tokens.account_id === 'string' ? tokens.account_id : null;
  if (token) return { token, chatgptAccountId, problem: null, detail: '' };
  if (isRecord(auth) && typeof auth.OPENAI_API_KEY === 'string' && auth.OPENAI_API_KEY !== '') {
    return {
      token: null,
      chatgptAccountId,
      problem: 'api_key',
      detail: 'the Codex home is logged in with an API key: no subscription windows',
    };
  }
  return { token: null, chatgptAccountId, problem: 'no_token', detail: `${path} holds no ChatGPT access token` };
}

function windowsOf(
  rateLimit: Record<string, unknown>,
  limitId: string | null,
  limitName: string | null,
  fetchedAt: Date,
  windows: NormalisedUsageWindow[],
  warnings: string[],
): void {
  for (const field of ['primary_window', 'secondary_window'] as const) {
    const raw = rateLimit[field];
    if (!isRecord(raw)) continue;
    const read = codexWindow(
      {
        usedPercent: raw.used_percent,
        durationSeconds: raw.limit_window_seconds,
        resetsAt: raw.reset_at,
        resetsInSeconds: raw.reset_after_seconds,
        limitId,
        limitName,
      },
      WHAM_SOURCE,
      'official',
      fetchedAt,
    );
    if ('problem' in read) warnings.push(read.problem);
    else windows.push(read.window);
  }
}

/**
 * Reads `GET <chatgpt base>/wham/usage` (the endpoint Codex itself reads) with the ChatGPT token
 * stored in the home's `auth.json`: `rate_limit.primary_window` / `secondary_window` and each of
 * `additional_rate_limits[]`, kinds by `limit_window_seconds`. A 429, an HTTP error, malformed JSON
 * or an unreadable login is a snapshot with the reason; the token never appears in one.
 */
export async function readWhamUsage(options: WhamUsageOptions): Promise<WhamUsage> {
  const now = options.now ?? (() => new Date());
  const accountId = options.accountId ?? null;
  const login = await readLogin(options.codexHome);
  if (!login.token) {
    const status = login.problem === 'unreadable' || login.problem === 'malformed' ? 'error' : 'unknown';
    return { snapshot: failedSnapshot(status, login.detail, now(), accountId), authProblem: login.problem, retryAt: null, planType: null };
  }
  const headers: Record<string, string> = { authorization: `Bearer ${login.token}`, 'user-agent': 'agentpool-usage-probe' };
  if (login.chatgptAccountId) headers['chatgpt-account-id'] = login.chatgptAccountId;
  const result = await requestJson({
    baseUrl: options.baseUrl,
    path: whamUsagePath(options.baseUrl),
    headers,
    timeoutMs: options.timeoutMs ?? 8000,
    signal: options.signal,
    secrets: [login.token],
    now,
  });
  const fetchedAt = now();
  if (result.kind !== 'ok') {
    const described = describeHttpResult(result);
    const reason =
      result.kind === 'http_error' && (result.status === 401 || result.status === 403)
        ? `the stored ChatGPT token was refused (HTTP ${result.status}); run \`codex login\``
        : `wham/usage: ${described}`;
    return {
      snapshot: failedSnapshot('error', reason, fetchedAt, accountId),
      authProblem: null,
      retryAt: result.kind === 'rate_limited' ? result.retryAt : null,
      planType: null,
    };
  }
  const data = result.data;
  if (!isRecord(data)) {
    return {
      snapshot: failedSnapshot('error', 'wham/usage answered with something other than a JSON object', fetchedAt, accountId),
      authProblem: null,
      retryAt: null,
      planType: null,
    };
  }
  const planType = typeof data.plan_type === 'string' ? data.plan_type : null;
  const windows: NormalisedUsageWindow[] = [];
  const warnings: string[] = [];
  const main = isRecord(data.rate_limit) ? data.rate_limit : null;
  if (main) windowsOf(main, null, null, fetchedAt, windows, warnings);
  if (Array.isArray(data.additional_rate_limits)) {
    for (const extra of data.additional_rate_limits) {
      if (!isRecord(extra) || !isRecord(extra.rate_limit)) {
        warnings.push('an additional_rate_limits entry without rate_limit was skipped');
        continue;
      }
      const limitId =
        typeof extra.metered_feature === 'string'
          ? extra.metered_feature
          : typeof extra.limit_name === 'string'
            ? extra.limit_name
            : 'additional';
      windowsOf(extra.rate_limit, limitId, typeof extra.limit_name === 'string' ? extra.limit_name : null, fetchedAt, windows, warnings);
    }
  }
  const reached = main?.limit_reached === true || main?.allowed === false;
  const snapshot = createSnapshot({
    providerId: CODEX_PROVIDER_ID,
    accountId,
    windows,
    fetchedAt,
    warnings,
    ...(windows.length === 0 ? { reason: `wham/usage reported no windows${planType ? ` for plan ${planType}` : ''}` } : {}),
    ...(reached ? { status: 'limit_reached' as const, reason: 'wham/usage reports the limit reached' } : {}),
  });
  return { snapshot, authProblem: null, retryAt: null, planType };
}
