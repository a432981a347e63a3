import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProviderContext, UsageConfidence, UsageReport, UsageReportStatus, UsageWindow } from '@agentpool/core';
import { describeHttpResult, requestJson, windowKindFromDuration } from '@agentpool/usage';

/** A loopback URL answering the fake usage JSON (any path). */
export const FAKE_USAGE_URL_VARIABLE = 'AGENTPOOL_FAKE_USAGE_URL';
/** A file holding the fake usage JSON. */
export const FAKE_USAGE_FILE_VARIABLE = 'AGENTPOOL_FAKE_USAGE_FILE';

/**
 * What the fake usage source answers: one report, or `{ "providers": { "<id>": report } }` for
 * several fakes at once. `delay_ms` makes the probe slow (it honours the abort signal).
 */
export interface FakeUsageDocument {
  readonly status?: UsageReportStatus;
  readonly delay_ms?: number;
  readonly warnings?: readonly string[];
  readonly windows?: readonly FakeUsageWindow[];
}

export interface FakeUsageWindow {
  readonly name: string;
  readonly duration_seconds?: number;
  readonly used_percent?: number;
  readonly remaining_percent?: number;
  /** ISO time. */
  readonly resets_at?: string | null;
  readonly confidence?: UsageConfidence;
}

const SOURCE = 'fake-usage';
const HTTP_TIMEOUT_MS = 30_000;

function variable(context: ProviderContext, name: string): string | undefined {
  return context.account?.env[name] ?? context.settings.env?.[name] ?? context.env[name] ?? undefined;
}

const failed = (providerId: string, warning: string): UsageReport => ({ providerId, windows: [], warnings: [warning], status: 'failed' });

function documentFor(providerId: string, value: unknown): FakeUsageDocument | null {
  if (value === null || typeof value !== 'object') return null;
  const providers = (value as { providers?: unknown }).providers;
  if (providers !== null && typeof providers === 'object') {
    const own = (providers as Record<string, unknown>)[providerId];
    return own !== null && typeof own === 'object' ? (own as FakeUsageDocument) : null;
  }
  return value as FakeUsageDocument;
}

function reportOf(providerId: string, document: FakeUsageDocument, observedAt: string, accountId: string | undefined): UsageReport {
  const windows: UsageWindow[] = (document.windows ?? []).map((window) => {
    const used = window.used_percent ?? (window.remaining_percent === undefined ? Number.NaN : 100 - window.remaining_percent);
    const kind = windowKindFromDuration(window.duration_seconds ?? null);
    return {
      name: window.name,
      kind: kind === 'other' && window.name.includes('week') ? 'weekly' : kind,
      usedPercent: used,
      remainingPercent: window.remaining_percent ?? 100 - used,
      resetsAt: window.resets_at ?? null,
      source: SOURCE,
      confidence: window.confidence ?? 'official',
      observedAt,
    };
  });
  return {
    providerId,
    windows,
    warnings: [...(document.warnings ?? [])],
    ...(document.status ? { status: document.status } : {}),
    ...(accountId ? { accountId } : {}),
  };
}

/**
 * The login of an account's home (`auth.json` `{"token"}`), sent as a bearer token the way real
 * usage endpoints are asked, so a loopback server can answer per account. Never shown.
 */
async function accountToken(context: ProviderContext): Promise<string | null> {
  const home = context.account?.home;
  if (!home) return null;
  try {
    const auth = JSON.parse(await readFile(join(home, 'auth.json'), 'utf8')) as { token?: unknown };
    return typeof auth.token === 'string' && auth.token !== '' ? auth.token : null;
  } catch {
    return null;
  }
}

/**
 * The fake providers' usage probe, for tests: reads the windows from `AGENTPOOL_FAKE_USAGE_URL`
 * (a loopback server) or `AGENTPOOL_FAKE_USAGE_FILE`, so a test can set any windows (an exhausted
 * 5-hour window, a weekly-only plan, unknown, slow). Neither set: `unsupported`.
 */
export async function probeFakeUsage(providerId: string, context: ProviderContext): Promise<UsageReport> {
  const url = variable(context, FAKE_USAGE_URL_VARIABLE);
  const file = variable(context, FAKE_USAGE_FILE_VARIABLE);
  let value: unknown;
  if (url) {
    const token = await accountToken(context);
    const result = await requestJson({
      baseUrl: url,
      path: `usage/${providerId}`,
      timeoutMs: HTTP_TIMEOUT_MS,
      signal: context.signal,
      ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    });
    if (result.kind !== 'ok') return failed(providerId, describeHttpResult(result));
    value = result.data;
  } else if (file) {
    try {
      value = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      return failed(providerId, `cannot read the fake usage file: ${(error as Error).message}`);
    }
  } else {
    return {
      providerId,
      windows: [],
      warnings: [`set ${FAKE_USAGE_URL_VARIABLE} or ${FAKE_USAGE_FILE_VARIABLE} to give ${providerId} usage windows`],
      status: 'unsupported',
    };
  }
  const document = documentFor(providerId, value);
  if (document === null) return { providerId, windows: [], warnings: [`no fake usage for ${providerId}`], status: 'unsupported' };
  if (document.delay_ms) await sleep(document.delay_ms, undefined, { signal: context.signal });
  return reportOf(providerId, document, new Date().toISOString(), context.account?.id);
}
