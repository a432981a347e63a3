import type { UsageReport, UsageReportStatus } from '@agentpool/core';
import { mergeSnapshots, type UsageSnapshot } from '@agentpool/usage';
import { readAppServerUsage } from './codex-app-server-usage.js';
import { CODEX_PROVIDER_ID } from './codex-rate-window.js';
import { readRolloutUsage } from './codex-rollout-usage.js';
import { seedCodexState } from './codex-state-seed.js';
import { chatgptBaseUrlOf, DEFAULT_CHATGPT_BASE_URL, readWhamUsage } from './codex-wham-usage.js';

/** How the Codex usage probe runs; every field has a default. */
export interface CodexUsageOptions {
  /** The ChatGPT backend (`wham/usage`); else the home's `chatgpt_base_url`, else chatgpt.com. */
  readonly chatgptBaseUrl?: string | undefined;
  /** Ask `codex app-server` (needs the binary). Default true. */
  readonly appServer?: boolean | undefined;
  /** Ask `wham/usage` directly when the app-server gave no windows. Default true. */
  readonly http?: boolean | undefined;
  readonly appServerTimeoutMs?: number | undefined;
  readonly httpTimeoutMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface CodexUsageTarget {
  readonly codexHome: string;
  /** The `codex` binary, or null when not installed (the app-server is then skipped). */
  readonly binary: string | null;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly accountId?: string | null | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Set when `codexHome` was made for this read alone: Codex's empty state databases kept there are copied in first (see seedCodexState). */
  readonly stateSeedDir?: string | undefined;
}

export interface CodexUsageResult {
  readonly report: UsageReport;
  /** The merged snapshot the report was made from. */
  readonly snapshot: UsageSnapshot;
  /** The sources asked, cheapest first. */
  readonly sources: readonly string[];
}

/**
 * Codex usage, cheapest source first: the rollout logs (offline, free), then `codex app-server`,
 * then `wham/usage` with the stored token only when the app-server gave no windows (both read the
 * same endpoint). The readings are merged (one window per kind and limit, the more trusted kept,
 * every source in provenance); a failed source adds a warning, never a window.
 */
export async function probeCodexUsage(target: CodexUsageTarget, options: CodexUsageOptions = {}): Promise<CodexUsageResult> {
  const now = options.now ?? (() => new Date());
  const accountId = target.accountId ?? null;
  const snapshots: UsageSnapshot[] = [];
  const sources: string[] = ['rollout'];
  const rollout = await readRolloutUsage({ codexHome: target.codexHome, accountId, now });
  snapshots.push(rollout.snapshot);

  let official = false;
  let unauthenticated = false;
  let apiKey = false;
  if (options.appServer !== false && target.binary && !target.signal?.aborted) {
    sources.push('app-server');
    if (target.stateSeedDir) {
      await seedCodexState(target.codexHome, {
        binary: target.binary,
        cacheDir: target.stateSeedDir,
        env: target.env,
        signal: target.signal,
      });
    }
    const app = await readAppServerUsage({
      command: target.binary,
      codexHome: target.codexHome,
      env: target.env,
      accountId,
      timeoutMs: options.appServerTimeoutMs,
      signal: target.signal,
      now,
    });
    snapshots.push(app.snapshot);
    official = app.snapshot.windows.length > 0;
    unauthenticated = app.unauthenticated;
    apiKey = app.accountType === 'apiKey';
  }
  if (!official && options.http !== false && !target.signal?.aborted) {
    sources.push('wham');
    const baseUrl = options.chatgptBaseUrl ?? (await chatgptBaseUrlOf(target.codexHome)) ?? DEFAULT_CHATGPT_BASE_URL;
    const wham = await readWhamUsage({
      codexHome: target.codexHome,
      baseUrl,
      accountId,
      timeoutMs: options.httpTimeoutMs,
      signal: target.signal,
      now,
    });
    snapshots.push(wham.snapshot);
    unauthenticated ||= wham.authProblem === 'missing' || wham.authProblem === 'no_token';
    apiKey ||= wham.authProblem === 'api_key';
  }

  const snapshot = mergeSnapshots(snapshots);
  let status: UsageReportStatus;
  const warnings = [...snapshot.warnings];
  if (snapshot.windows.length > 0) {
    status = 'ok';
    if (snapshot.status === 'limit_reached' && snapshot.reason) warnings.unshift(`limit reached: ${snapshot.reason}`);
  } else if (snapshot.noLimits) {
    status = 'no_limits';
  } else {
    // An API-key login pays per token: there are no subscription windows to read.
    status = apiKey ? 'unsupported' : unauthenticated ? 'unauthenticated' : 'failed';
    if (snapshot.reason && !warnings.some((text) => text.includes(snapshot.reason as string))) warnings.unshift(snapshot.reason);
  }
  const report: UsageReport = {
    providerId: CODEX_PROVIDER_ID,
    windows: snapshot.windows,
    warnings,
    status,
    ...(accountId ? { accountId } : {}),
  };
  return { report, snapshot, sources };
}
