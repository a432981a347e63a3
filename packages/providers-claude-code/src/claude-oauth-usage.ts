import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeHttpResult, type NormalisedUsageWindow, normaliseWindow, requestJson, type UsageWindowInput } from '@agentpool/usage';

/** The Anthropic API host Claude Code reads its own usage from. */
export const CLAUDE_USAGE_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The path of the (undocumented) usage endpoint Claude Code's `/usage` screen reads. */
export const CLAUDE_USAGE_PATH = '/api/oauth/usage';
/** Source tag of windows read from the endpoint. */
export const CLAUDE_OAUTH_SOURCE = 'claude-oauth-usage';

const FIVE_HOURS = 5 * 3600;
const SEVEN_DAYS = 7 * 24 * 3600;

/**
 * What Claude's stored credentials allow. The token itself never leaves `readClaudeOAuthToken`'s
 * caller: it is not part of any result that is logged, cached or shown.
 */
export type ClaudeCredentials =
  | { readonly kind: 'token'; readonly token: string; readonly expiresAt: string | null; readonly subscriptionType: string | null }
  | { readonly kind: 'missing'; readonly path: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly reason: string };

/**
 * Reads `claudeAiOauth.accessToken` from `<configDir>/.credentials.json` in place (never copied).
 * A missing file is `missing`; a file that cannot be read or parsed, or that holds no token, is
 * `unreadable` with a reason that never quotes the file.
 */
export async function readClaudeOAuthToken(configDir: string): Promise<ClaudeCredentials> {
  const path = join(configDir, '.credentials.json');
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing', path };
    return { kind: 'unreadable', path, reason: `${path} cannot be read (${code ?? 'error'})` };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { kind: 'unreadable', path, reason: `${path} is not valid JSON` };
  }
  const oauth = (value as { claudeAiOauth?: unknown } | null)?.claudeAiOauth as Record<string, unknown> | undefined;
  const token = oauth?.accessToken;
  if (typeof token !== 'string' || token.trim() === '') {
    return { kind: 'unreadable', path, reason: `${path} holds no claudeAiOauth.accessToken` };
  }
  const expires = oauth?.expiresAt;
  return {
    kind: 'token',
    token: token.trim(),
    expiresAt: typeof expires === 'number' && Number.isFinite(expires) ? new Date(expires).toISOString() : null,
    subscriptionType: typeof oauth?.subscriptionType === 'string' ? oauth.subscriptionType : null,
  };
}

/** The windows one endpoint answer holds, and what could not be read from it. */
export interface ClaudeOAuthUsageParse {
  readonly windows: NormalisedUsageWindow[];
  readonly warnings: string[];
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `seven_day_opus` → `opus`; a scoped limit's model name (`Opus`, `Claude Sonnet`) → the same short scope. */
function scopeOf(text: string): string {
  const lower = text.toLowerCase().trim();
  for (const family of ['opus', 'sonnet', 'haiku']) if (lower.includes(family)) return family;
  return lower.replace(/\s+/g, '_');
}

const keyOf = (window: Pick<NormalisedUsageWindow, 'kind' | 'scope'>): string => `${window.kind}|${window.scope ?? ''}`;

/**
 * Reads `GET /api/oauth/usage`: the `five_hour` / `seven_day` / `seven_day_*` objects
 * (`utilization` 0..100 — Claude 2.1.197 shows `${Math.floor(utilization)}% used` — and `resets_at`
 * ISO; null, or a null utilization, when the plan has no such window) and the `limits[]` list
 * (`kind` session / weekly_all / weekly_scoped, `percent` on the same scale, `resets_at` ISO or
 * Unix seconds, `scope.model.display_name`, `is_active`).
 * Kinds come from each window's duration (a `session` limit is Claude's 5-hour window), never from
 * order. Where both name one window, `limits[]` wins: it holds the real weekly figure when
 * `seven_day` reads 100 %; the object's figure stays in the provenance.
 */
export function parseClaudeOAuthUsage(data: unknown, observedAt: Date): ClaudeOAuthUsageParse {
  const warnings: string[] = [];
  if (!isObject(data)) return { windows: [], warnings: ['the usage answer is not a JSON object'] };
  const read = (input: Omit<UsageWindowInput, 'source' | 'confidence' | 'observedAt'>): NormalisedUsageWindow | null => {
    const result = normaliseWindow({ ...input, source: CLAUDE_OAUTH_SOURCE, confidence: 'official', observedAt });
    if (!result.ok) {
      warnings.push(result.problem);
      return null;
    }
    warnings.push(...result.warnings);
    return result.window;
  };

  const fromObjects = new Map<string, NormalisedUsageWindow>();
  for (const [name, value] of Object.entries(data)) {
    // Model-scoped weekly limits only: `seven_day_oauth_apps` (third-party apps) or
    // `seven_day_overage_included` do not limit Claude Code's own use, so they bind nothing here.
    const scoped = /^seven_day_(opus|sonnet|haiku)$/.exec(name);
    if (name !== 'five_hour' && name !== 'seven_day' && !scoped) continue;
    if (value === null || value === undefined) continue; // The plan has no such window.
    if (!isObject(value)) {
      warnings.push(`${name} is not an object`);
      continue;
    }
    // Claude's own /usage screen skips a window whose utilization is null: no figure, no window.
    if (value.utilization === null) continue;
    const window = read({
      name,
      durationSeconds: name === 'five_hour' ? FIVE_HOURS : SEVEN_DAYS,
      scope: scoped?.[1] ? scopeOf(scoped[1]) : null,
      usedPercent: value.utilization as number | null | undefined,
      resetsAt: value.resets_at as string | null | undefined,
    });
    if (window) fromObjects.set(keyOf(window), window);
  }

  const fromLimits = new Map<string, NormalisedUsageWindow>();
  const limits = data.limits;
  if (limits !== undefined && limits !== null && !Array.isArray(limits)) warnings.push('limits is not a list');
  for (const [index, entry] of (Array.isArray(limits) ? limits : []).entries()) {
    if (!isObject(entry)) {
      warnings.push(`limits[${index}] is not an object`);
      continue;
    }
    if (entry.is_active === false || entry.percent === null) continue;
    const kind = entry.kind;
    const model = isObject(entry.scope) && isObject(entry.scope.model) ? entry.scope.model.display_name : undefined;
    let input: Pick<UsageWindowInput, 'name' | 'durationSeconds' | 'scope'>;
    if (kind === 'session') input = { name: 'limits.session', durationSeconds: FIVE_HOURS, scope: null };
    else if (kind === 'weekly_all') input = { name: 'limits.weekly_all', durationSeconds: SEVEN_DAYS, scope: null };
    else if (kind === 'weekly_scoped' && typeof model === 'string' && model.trim() !== '') {
      input = { name: `limits.weekly_scoped.${scopeOf(model)}`, durationSeconds: SEVEN_DAYS, scope: scopeOf(model) };
    } else {
      warnings.push(`limits[${index}] has a kind (${JSON.stringify(String(kind)).slice(0, 40)}) or scope that is not known`);
      continue;
    }
    // `resets_at` is ISO text or Unix seconds (Claude 2.1.197 reads both).
    const window = read({
      ...input,
      usedPercent: entry.percent as number | undefined,
      resetsAt: entry.resets_at as string | number | null | undefined,
    });
    if (window) fromLimits.set(keyOf(window), window);
  }

  const windows: NormalisedUsageWindow[] = [];
  for (const [key, objectWindow] of fromObjects) {
    const limit = fromLimits.get(key);
    if (!limit) {
      windows.push(objectWindow);
      continue;
    }
    fromLimits.delete(key);
    if (limit.usedPercent !== objectWindow.usedPercent) {
      warnings.push(`${objectWindow.name} reads ${objectWindow.usedPercent} %, ${limit.name} ${limit.usedPercent} %: kept ${limit.name}`);
    }
    windows.push({
      ...limit,
      resetsAt: limit.resetsAt ?? objectWindow.resetsAt,
      provenance: [
        ...limit.provenance,
        ...(limit.usedPercent !== objectWindow.usedPercent
          ? [{ ...objectWindow.provenance[0]!, usedPercent: objectWindow.usedPercent }]
          : []),
      ],
    });
  }
  windows.push(...fromLimits.values());
  return { windows, warnings };
}

/** What one read of the endpoint gave. `rate_limited` carries when to ask again; nothing else retries. */
export type ClaudeOAuthUsageResult =
  | { readonly status: 'ok'; readonly windows: NormalisedUsageWindow[]; readonly warnings: string[] }
  | { readonly status: 'rate_limited'; readonly retryAt: string; readonly warnings: string[] }
  | { readonly status: 'unauthenticated' | 'unsupported' | 'failed'; readonly warnings: string[] };

export interface ClaudeOAuthUsageRequest {
  readonly configDir: string;
  readonly baseUrl: string;
  /** Whether an Anthropic API key is in the environment (then no subscription windows exist). */
  readonly apiKeyInEnv: boolean;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly now?: (() => Date) | undefined;
  /** Consulted before asking and told about every 429, so a persistent 429 is never hammered. */
  readonly backoff?: ClaudeUsageBackoff | undefined;
}

type BackoffState = Record<string, { until: number; seconds: number }>;

/**
 * Remembers 429s per Claude home: at least `minSeconds` apart (a `retry-after: 0` too), doubling
 * up to `maxSeconds` while they last, cleared by an answer. With `file` the state outlives the
 * process, so one `agentpool usage` run after another never hammers the endpoint; the file holds
 * folder names and times, nothing secret.
 */
export class ClaudeUsageBackoff {
  #memory: BackoffState = {};
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly file: string | undefined;
  constructor(options: { minSeconds?: number; maxSeconds?: number; file?: string } = {}) {
    this.minSeconds = options.minSeconds ?? 60;
    this.maxSeconds = options.maxSeconds ?? 30 * 60;
    this.file = options.file;
  }
  #load(): BackoffState {
    if (!this.file) return this.#memory;
    try {
      const value = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return isObject(value) ? (value as BackoffState) : {};
    } catch {
      return {};
    }
  }
  #save(state: BackoffState): void {
    if (!this.file) {
      this.#memory = state;
      return;
    }
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify(state), { mode: 0o600 });
      renameSync(temporary, this.file);
    } catch {
      // Backing off in this process still holds; the next one may ask once more.
      this.#memory = state;
    }
  }
  /** When the next request for `key` may go, or null when it may go now. */
  blockedUntil(key: string, now: Date): string | null {
    const state = this.#load()[key] ?? this.#memory[key];
    return state && typeof state.until === 'number' && state.until > now.getTime() ? new Date(state.until).toISOString() : null;
  }
  /** Records a 429 and returns when to ask again. */
  rateLimited(key: string, retryAfterSeconds: number | null, now: Date): string {
    const state = this.#load();
    const previous = state[key];
    // A 429 long after the last back-off ended starts again from the shortest step.
    const recent = previous && now.getTime() - previous.until < this.maxSeconds * 1000;
    const seconds = recent ? Math.min(this.maxSeconds, previous.seconds * 2) : this.minSeconds;
    const until = now.getTime() + Math.max(seconds, retryAfterSeconds ?? 0) * 1000;
    this.#save({ ...state, [key]: { until, seconds } });
    return new Date(until).toISOString();
  }
  succeeded(key: string): void {
    const state = this.#load();
    if (!(key in state)) return;
    const { [key]: _, ...rest } = state;
    this.#save(rest);
  }
}

/**
 * Reads the account's windows from the usage endpoint with the OAuth token Claude Code stored.
 * The token is read in place for this one request and appears in no result; 429 is `rate_limited`
 * with a retry time (never retried here), every other failure a typed status with a reason.
 */
export async function probeClaudeOAuthUsage(request: ClaudeOAuthUsageRequest): Promise<ClaudeOAuthUsageResult> {
  const now = request.now ?? (() => new Date());
  const credentials = await readClaudeOAuthToken(request.configDir);
  if (credentials.kind === 'missing') {
    return request.apiKeyInEnv
      ? { status: 'unsupported', warnings: ['an Anthropic API key is in use: API-key users have no subscription usage windows'] }
      : { status: 'unauthenticated', warnings: [`no Claude credentials at ${credentials.path}: sign in with claude to read usage`] };
  }
  if (credentials.kind === 'unreadable') return { status: 'failed', warnings: [credentials.reason] };
  if (credentials.expiresAt !== null && Date.parse(credentials.expiresAt) <= now().getTime()) {
    return {
      status: 'unauthenticated',
      warnings: [`the stored Claude token expired at ${credentials.expiresAt}: run claude once to renew it`],
    };
  }
  const blocked = request.backoff?.blockedUntil(request.configDir, now());
  if (blocked)
    return { status: 'rate_limited', retryAt: blocked, warnings: [`the usage endpoint is backing off after HTTP 429 until ${blocked}`] };

  const result = await requestJson({
    baseUrl: request.baseUrl,
    path: CLAUDE_USAGE_PATH,
    headers: {
      authorization: `Bearer ${credentials.token}`,
      'anthropic-beta': 'oauth-2025-04-20',
      'content-type': 'application/json',
      'user-agent': 'agentpool',
    },
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    now,
  });
  if (result.kind === 'ok') {
    request.backoff?.succeeded(request.configDir);
    const parsed = parseClaudeOAuthUsage(result.data, now());
    if (parsed.windows.length === 0 && parsed.warnings.length > 0) return { status: 'failed', warnings: parsed.warnings };
    if (parsed.windows.length === 0) {
      return {
        status: 'unsupported',
        warnings: ['the usage endpoint reported no windows for this account (every window null): usage unknown'],
      };
    }
    return { status: 'ok', windows: parsed.windows, warnings: parsed.warnings };
  }
  if (result.kind === 'rate_limited') {
    const retryAt =
      request.backoff?.rateLimited(request.configDir, result.retryAfterSeconds, now()) ?? result.retryAt ?? now().toISOString();
    return { status: 'rate_limited', retryAt, warnings: [`the usage endpoint answered HTTP 429: backing off until ${retryAt}`] };
  }
  if (result.kind === 'http_error' && (result.status === 401 || result.status === 403)) {
    return {
      status: 'unauthenticated',
      warnings: [`the usage endpoint refused the stored token (HTTP ${result.status}): run claude once to renew it`],
    };
  }
  return { status: 'failed', warnings: [`the usage endpoint: ${describeHttpResult(result)}`] };
}
