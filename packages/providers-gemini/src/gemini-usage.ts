import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ProviderContext, providerEnv, type UsageReport, type UsageWindow } from '@agentpool/core';
import { collectWindow, describeHttpResult, type HttpJsonResult, normaliseWindow, requestJson, usageReportFor } from '@agentpool/usage';
import { dotenvSets, geminiHome } from './gemini-home.js';

export const GEMINI_PROVIDER_ID = 'gemini-cli';
/** The Code Assist API Gemini CLI talks to when signed in with Google. */
export const GEMINI_USAGE_BASE_URL = 'https://cloudcode-pa.googleapis.com';
/** Read from the provider's environment (config `providers.gemini-cli.env`) when the factory sets no base URL. */
export const GEMINI_USAGE_BASE_URL_VARIABLE = 'AGENTPOOL_GEMINI_USAGE_URL';
const SOURCE = 'gemini-code-assist-quota';

export interface GeminiUsageOptions {
  /** Base URL of the Code Assist API (a loopback server in tests). */
  readonly baseUrl?: string | undefined;
  /** Bound on each HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

interface QuotaBucket {
  readonly remainingAmount?: unknown;
  readonly remainingFraction?: unknown;
  readonly resetTime?: unknown;
  readonly tokenType?: unknown;
  readonly modelId?: unknown;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * Windows from a `retrieveUserQuota` answer: one per bucket with a `modelId` and a
 * `remainingFraction`, as Gemini CLI reads them. Code Assist quotas are per day, so a bucket is a
 * daily window (its length is not sent); with `remainingAmount` the absolute requests are kept too.
 */
export function geminiWindowsFrom(data: unknown, observedAt: Date): { windows: UsageWindow[]; warnings: string[] } {
  const windows: UsageWindow[] = [];
  const warnings: string[] = [];
  const buckets = (data as { buckets?: unknown } | null)?.buckets;
  if (!Array.isArray(buckets)) return { windows, warnings: ['the answer has no buckets list'] };
  for (const raw of buckets as (QuotaBucket | null)[]) {
    if (raw === null || typeof raw !== 'object') continue;
    const model = typeof raw.modelId === 'string' && raw.modelId ? raw.modelId : null;
    if (model === null || raw.remainingFraction === null || raw.remainingFraction === undefined) continue;
    // Google sends a free tier's Pro bucket at 0 with a reset at the epoch: no information, not an exhausted window.
    const reset = typeof raw.resetTime === 'string' ? Date.parse(raw.resetTime) : Number.NaN;
    if (raw.remainingFraction === 0 && Number.isFinite(reset) && reset <= observedAt.getTime()) {
      warnings.push(`${model}: 0 remaining with a reset in the past (${raw.resetTime as string}): passed over`);
      continue;
    }
    const tokenType = typeof raw.tokenType === 'string' && raw.tokenType !== 'REQUESTS' ? raw.tokenType : null;
    const name = tokenType ? `${model} ${tokenType.toLowerCase()}` : model;
    const remaining = typeof raw.remainingAmount === 'string' || isNumber(raw.remainingAmount) ? Number(raw.remainingAmount) : Number.NaN;
    const fraction = raw.remainingFraction;
    const absolute =
      Number.isFinite(remaining) && isNumber(fraction) && fraction > 0
        ? {
            used: Math.round(remaining / fraction) - remaining,
            limit: Math.round(remaining / fraction),
            unit: tokenType ? tokenType.toLowerCase() : 'requests',
          }
        : {};
    const result = normaliseWindow({
      name,
      kind: 'daily',
      scope: name,
      remainingFraction: fraction as number | null,
      ...absolute,
      resetsAt: typeof raw.resetTime === 'string' ? raw.resetTime : null,
      source: SOURCE,
      confidence: 'official',
      observedAt,
    });
    collectWindow(result, windows, warnings);
  }
  return { windows, warnings };
}

function readJsonObject(file: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type Credential =
  | { readonly kind: 'oauth'; readonly token: string }
  | { readonly kind: 'none'; readonly status: UsageReport['status']; readonly reason: string };

/** The auth Gemini CLI would use, read in place: only a Google sign-in has a quota to read. */
function credentialOf(context: ProviderContext, env: Readonly<Record<string, string | undefined>>, now: Date): Credential {
  const dir = join(geminiHome(context), '.gemini');
  const settings = readJsonObject(join(dir, 'settings.json'));
  const selected = ((settings?.security as { auth?: { selectedType?: unknown } } | undefined)?.auth?.selectedType ??
    (settings as { selectedAuthType?: unknown } | null)?.selectedAuthType) as unknown;
  const noEndpoint = (how: string): Credential => ({
    kind: 'none',
    status: 'unsupported',
    reason: `Gemini CLI uses ${how}: API-key and Vertex AI users have no quota endpoint (only a Google sign-in has Code Assist quotas)`,
  });
  if (selected === 'gemini-api-key') return noEndpoint('a Gemini API key (settings.json selectedType gemini-api-key)');
  if (selected === 'vertex-ai') return noEndpoint('Vertex AI (settings.json selectedType vertex-ai)');
  if (selected !== 'oauth-personal') {
    if (env.GOOGLE_GENAI_USE_VERTEXAI === 'true') return noEndpoint('Vertex AI (GOOGLE_GENAI_USE_VERTEXAI)');
    if (env.GEMINI_API_KEY || dotenvSets(join(dir, '.env'), 'GEMINI_API_KEY')) return noEndpoint('a Gemini API key (GEMINI_API_KEY)');
  }
  const file = join(dir, 'oauth_creds.json');
  const creds = readJsonObject(file);
  if (creds === null) {
    return selected === 'oauth-personal'
      ? {
          kind: 'none',
          status: 'unsupported',
          reason: `Google sign-in is selected but ${file} is missing or unreadable (Gemini CLI may keep it in the system keychain, which agentpool does not read)`,
        }
      : { kind: 'none', status: 'unauthenticated', reason: `no Google sign-in (${file}) and no API key` };
  }
  const token = typeof creds.access_token === 'string' ? creds.access_token.trim() : '';
  if (!token) return { kind: 'none', status: 'unsupported', reason: `${file} holds no access token` };
  if (isNumber(creds.expiry_date) && creds.expiry_date <= now.getTime()) {
    return {
      kind: 'none',
      status: 'unsupported',
      reason: `the access token in ${file} expired at ${new Date(creds.expiry_date).toISOString()}; Gemini CLI renews it on its next run (agentpool does not)`,
    };
  }
  return { kind: 'oauth', token };
}

/**
 * Reads the Code Assist quota buckets (`remainingFraction`, `resetTime`, `modelId`) the way Gemini
 * CLI does, with the access token from its stored Google sign-in, sent and never kept: the
 * project from `GOOGLE_CLOUD_PROJECT(_ID)` or `loadCodeAssist`, then `retrieveUserQuota`.
 */
export async function probeGeminiUsage(context: ProviderContext, options: GeminiUsageOptions = {}): Promise<UsageReport> {
  const env = providerEnv(context);
  const accountId = context.account?.id;
  const report = usageReportFor(GEMINI_PROVIDER_ID, accountId);
  const now = options.now ?? (() => new Date());
  const credential = credentialOf(context, env, now());
  if (credential.kind === 'none') return report(credential.status, [credential.reason]);
  const baseUrl = options.baseUrl ?? env[GEMINI_USAGE_BASE_URL_VARIABLE] ?? env.CODE_ASSIST_ENDPOINT ?? GEMINI_USAGE_BASE_URL;
  const version = env.CODE_ASSIST_API_VERSION || 'v1internal';
  const post = <T>(method: string, body: unknown): Promise<HttpJsonResult<T>> =>
    requestJson<T>({
      baseUrl,
      path: `${version}:${method}`,
      method: 'POST',
      body,
      headers: { authorization: `Bearer ${credential.token}` },
      timeoutMs: options.timeoutMs ?? 10_000,
      signal: context.signal,
      now,
    });
  const failure = (method: string, result: Exclude<HttpJsonResult, { kind: 'ok' }>): UsageReport => {
    const why = describeHttpResult(result);
    if (result.kind === 'http_error' && result.status === 401)
      return report('unauthenticated', [`the stored Google sign-in was refused: ${why}`]);
    return report('failed', [`${method}: ${why}`]);
  };

  let project = env.GOOGLE_CLOUD_PROJECT || env.GOOGLE_CLOUD_PROJECT_ID || null;
  if (!project) {
    const metadata = { ideType: 'IDE_UNSPECIFIED', platform: 'PLATFORM_UNSPECIFIED', pluginType: 'GEMINI' };
    const loaded = await post<{ cloudaicompanionProject?: unknown }>('loadCodeAssist', { metadata });
    if (loaded.kind !== 'ok') return failure('loadCodeAssist', loaded);
    const found = loaded.data?.cloudaicompanionProject;
    project = typeof found === 'string' && found ? found : null;
    if (!project) {
      return report('unsupported', [
        'the account has no Code Assist project (set GOOGLE_CLOUD_PROJECT, as Gemini CLI asks): no quota to read',
      ]);
    }
  }
  const quota = await post('retrieveUserQuota', { project });
  if (quota.kind !== 'ok') return failure('retrieveUserQuota', quota);
  const { windows, warnings } = geminiWindowsFrom(quota.data, now());
  if (windows.length > 0) return report('ok', warnings, windows);
  return report('failed', [
    `retrieveUserQuota: no quota could be read: ${warnings.join('; ') || 'no buckets with a model and a remaining fraction'}`,
  ]);
}
