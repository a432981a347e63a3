import { readFileSync } from 'node:fs';
import { type ProviderContext, providerEnv, type UsageReport, type UsageWindow } from '@agentpool/core';
import { collectWindow, describeHttpResult, normaliseWindow, requestJson, usageReportFor } from '@agentpool/usage';
import { devinCredentialsFile, tomlStrings } from './devin-credentials.js';

export const DEVIN_PROVIDER_ID = 'devin-cli';
/** The server Devin's CLI credentials point at when they name none. */
export const DEVIN_USAGE_BASE_URL = 'https://server.codeium.com';
/** Read from the provider's environment (config `providers.devin-cli.env`); wins over the credentials' server. */
export const DEVIN_USAGE_BASE_URL_VARIABLE = 'AGENTPOOL_DEVIN_USAGE_URL';
const SOURCE = 'devin-user-status';
const METHOD = 'exa.seat_management_pb.SeatManagementService/GetUserStatus';

export interface DevinUsageOptions {
  /** Base URL of the seat-management service (a loopback server in tests). */
  readonly baseUrl?: string | undefined;
  /** Bound on the HTTP request. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
/** proto3 JSON sends 64-bit integers as strings of digits. */
const numberOf = (value: unknown): number | null =>
  isNumber(value) ? value : typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : null;

const WINDOWS = [
  { name: 'daily', durationSeconds: 86_400, percent: 'dailyQuotaRemainingPercent', reset: 'dailyQuotaResetAtUnix', hide: 'hideDailyQuota' },
  {
    name: 'weekly',
    durationSeconds: 7 * 86_400,
    percent: 'weeklyQuotaRemainingPercent',
    reset: 'weeklyQuotaResetAtUnix',
    hide: 'hideWeeklyQuota',
  },
] as const;

/**
 * Daily and weekly windows from a `GetUserStatus` answer (`userStatus.planStatus`, proto3 JSON):
 * `{daily,weekly}QuotaRemainingPercent` with `{daily,weekly}QuotaResetAtUnix`. proto3 JSON leaves a
 * zero out, so a window with a reset but no percentage has 0 % left; one with neither is not sent,
 * and one the plan hides (`planInfo.hideDailyQuota`) is not a window.
 */
export function devinWindowsFrom(data: unknown, observedAt: Date): { windows: UsageWindow[]; warnings: string[] } {
  const plan = (data as { userStatus?: { planStatus?: unknown } } | null)?.userStatus?.planStatus;
  if (typeof plan !== 'object' || plan === null) return { windows: [], warnings: ['the answer has no userStatus.planStatus'] };
  const status = plan as Record<string, unknown>;
  const info = (typeof status.planInfo === 'object' && status.planInfo !== null ? status.planInfo : {}) as Record<string, unknown>;
  const windows: UsageWindow[] = [];
  const warnings: string[] = [];
  for (const spec of WINDOWS) {
    if (info[spec.hide] === true) continue;
    const reset = numberOf(status[spec.reset]);
    let remaining = numberOf(status[spec.percent]);
    if (status[spec.percent] !== undefined && status[spec.percent] !== null && remaining === null) {
      warnings.push(`${spec.percent} is not a number`);
      continue;
    }
    if (remaining === null) {
      if (reset === null) continue;
      remaining = 0;
      warnings.push(`${spec.name}: no ${spec.percent} beside a reset time (proto3 JSON omits 0): read as 0 % left`);
    }
    const result = normaliseWindow({
      name: spec.name,
      durationSeconds: spec.durationSeconds,
      remainingPercent: remaining,
      resetsAt: reset,
      source: SOURCE,
      confidence: 'official',
      observedAt,
    });
    collectWindow(result, windows, warnings);
  }
  return { windows, warnings };
}

/**
 * Reads Devin's daily and weekly quotas with the CLI's own login (`credentials.toml`:
 * `windsurf_api_key`, `api_server_url`), read in place and sent, never kept: the read-only
 * `GetUserStatus` call Devin's clients make (Connect RPC, JSON).
 */
export async function probeDevinUsage(context: ProviderContext, options: DevinUsageOptions = {}): Promise<UsageReport> {
  const env = providerEnv(context);
  const accountId = context.account?.id;
  const report = usageReportFor(DEVIN_PROVIDER_ID, accountId);
  const file = devinCredentialsFile(context);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return report('unauthenticated', [`no Devin login (${file}; devin auth login writes it)`]);
    return report('failed', [`${file} could not be read (${code ?? 'error'})`]);
  }
  const credentials = tomlStrings(text);
  const key = credentials.windsurf_api_key?.trim();
  if (!key) return report('unsupported', [`${file} holds no windsurf_api_key: no plan status can be read with this login`]);
  const now = options.now ?? (() => new Date());
  const result = await requestJson({
    baseUrl: options.baseUrl ?? env[DEVIN_USAGE_BASE_URL_VARIABLE] ?? credentials.api_server_url ?? DEVIN_USAGE_BASE_URL,
    path: METHOD,
    method: 'POST',
    headers: { 'connect-protocol-version': '1' },
    body: { metadata: { apiKey: key, ideName: 'devin', extensionName: 'devin', locale: 'en' } },
    secrets: [key],
    timeoutMs: options.timeoutMs ?? 10_000,
    signal: context.signal,
    now,
  });
  if (result.kind !== 'ok') {
    const why = describeHttpResult(result);
    if (result.kind === 'http_error' && (result.status === 401 || result.status === 403)) {
      return report('unauthenticated', [`the Devin login was refused: ${why}`]);
    }
    return report('failed', [`GetUserStatus: ${why}`]);
  }
  const { windows, warnings } = devinWindowsFrom(result.data, now());
  if (windows.length > 0) return report('ok', warnings, windows);
  return report('failed', [`GetUserStatus: no quota could be read: ${warnings.join('; ') || 'no daily or weekly quota'}`]);
}
