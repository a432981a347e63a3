import {
  createSnapshot,
  type JsonRpcNotification,
  type JsonRpcResult,
  type NormalisedUsageWindow,
  scrubSecrets,
  type UsageSnapshot,
  withJsonRpcProcess,
} from '@agentpool/usage';
import { codexNativeLaunch } from '../codex-native-launch.js';
import { CODEX_PROVIDER_ID, codexWindow, failedSnapshot, isRecord, MAIN_LIMIT_ID } from './codex-rate-window.js';

export const APP_SERVER_SOURCE = 'codex-app-server';

/**
 * How a usage read starts the app-server: read-only sandbox, no approvals, and no plugins (Codex
 * 0.169 otherwise lists the account's installed plugins from the backend three times on start;
 * a read needs none of them). An unknown feature name is ignored by Codex, not refused.
 */
export const APP_SERVER_PROBE_ARGS: readonly string[] = [
  'app-server',
  '-c',
  'sandbox_mode="read-only"',
  '-c',
  'approval_policy="never"',
  '-c',
  'features.plugins=false',
];

export interface AppServerUsageOptions {
  /** The `codex` binary (or a stand-in speaking its protocol); the npm package's Node wrapper is skipped for the native executable it would start. */
  readonly command: string;
  /** Arguments before `app-server`'s own (a stand-in script's path). */
  readonly argsPrefix?: readonly string[] | undefined;
  /** The Codex home of the account: the app-server reads its login and config from there. */
  readonly codexHome: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly accountId?: string | null | undefined;
  /** The whole exchange, start to close. Default 10 s. */
  readonly timeoutMs?: number | undefined;
  readonly signal?: AbortSignal | undefined;
  /** Time kept listening for `account/rateLimits/updated` pushes after the read answered. Default 0. */
  readonly settleMs?: number | undefined;
  readonly now?: (() => Date) | undefined;
}

export interface AppServerUsage {
  readonly snapshot: UsageSnapshot;
  /** `account/read`'s account type (`chatgpt`, `apiKey`), when it answered. */
  readonly accountType: string | null;
  readonly planType: string | null;
  /** `account/read` said the home has no login where one is needed. */
  readonly unauthenticated: boolean;
  /** Pushes merged into the read. */
  readonly pushes: number;
}

type Snapshot = Record<string, unknown>;

const MAX_REASON = 300;
const short = (text: string) => (text.length > MAX_REASON ? `${text.slice(0, MAX_REASON)}…` : text);

function describe(method: string, result: Exclude<JsonRpcResult, { kind: 'ok' }>): string {
  switch (result.kind) {
    case 'rpc_error':
      return `codex app-server ${method} failed: ${short(result.message)}`;
    case 'timeout':
      return `codex app-server did not answer ${method} within ${result.timeoutMs / 1000} s`;
    case 'exited':
      return `codex app-server exited (${result.signal ?? `code ${result.exitCode}`}) before answering ${method}${result.stderr ? `: ${short(result.stderr.split('\n').slice(-3).join(' '))}` : ''}`;
    case 'protocol_error':
      return `codex app-server spoke no JSON-RPC: ${result.message}`;
    case 'spawn_error':
      return `codex app-server could not start: ${result.code ?? result.message}`;
  }
}

/**
 * Merges a sparse `account/rateLimits/updated` snapshot into the last one of its limit id: values
 * it has replace, nulls and absent fields keep what was known (Codex: "does not clear a previously
 * observed value"). Windows are merged field by field too.
 */
export function mergeRateLimitSnapshot(base: Snapshot | undefined, update: Snapshot): Snapshot {
  const merged: Snapshot = { ...(base ?? {}) };
  for (const [key, value] of Object.entries(update)) {
    if (value === null || value === undefined) continue;
    const previous = merged[key];
    merged[key] = isRecord(value) && isRecord(previous) ? mergeRateLimitSnapshot(previous, value) : value;
  }
  return merged;
}

const limitIdOf = (snapshot: Snapshot): string => (typeof snapshot.limitId === 'string' ? snapshot.limitId : MAIN_LIMIT_ID);

/**
 * Asks `codex app-server` (JSON-RPC over stdio, in the account's CODEX_HOME, read-only sandbox, no
 * approvals) for `account/read` and `account/rateLimits/read`; `account/rateLimits/updated` pushes
 * seen during the session are merged into the read, not replacing it. Every failure (not installed,
 * no login, offline, hang, crash) is a snapshot with the reason, never a throw.
 */
export async function readAppServerUsage(options: AppServerUsageOptions): Promise<AppServerUsage> {
  const now = options.now ?? (() => new Date());
  const accountId = options.accountId ?? null;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  const launch = codexNativeLaunch(options.command);
  const env: NodeJS.ProcessEnv = { ...options.env, ...launch.env, CODEX_HOME: options.codexHome };
  const args = [...(options.argsPrefix ?? []), ...APP_SERVER_PROBE_ARGS];
  return withJsonRpcProcess({ command: launch.command, args, env, signal: options.signal, cwd: options.codexHome }, async (rpc) => {
    const pushes: Snapshot[] = [];
    rpc.onNotification((notification: JsonRpcNotification) => {
      if (
        notification.method === 'account/rateLimits/updated' &&
        isRecord(notification.params) &&
        isRecord(notification.params.rateLimits)
      ) {
        pushes.push(notification.params.rateLimits);
      }
    });
    const fail = (reason: string, warnings: string[] = []): AppServerUsage => ({
      snapshot: failedSnapshot('error', reason, now(), accountId, warnings),
      accountType: null,
      planType: null,
      unauthenticated: false,
      pushes: 0,
    });
    const init = await rpc.request(
      'initialize',
      { clientInfo: { name: 'agentpool', title: 'agentpool usage probe', version: '0.0.0' }, capabilities: null },
      { timeoutMs: left() },
    );
    if (init.kind !== 'ok') return fail(describe('initialize', init));
    rpc.notify('initialized');
    const [account, limits] = await Promise.all([
      rpc.request('account/read', { refreshToken: false }, { timeoutMs: left() }),
      rpc.request('account/rateLimits/read', undefined, { timeoutMs: left() }),
    ]);
    const settle = Math.min(options.settleMs ?? 0, left());
    if (settle > 0 && !rpc.ended) await new Promise((resolve) => setTimeout(resolve, settle));

    const warnings: string[] = [];
    let accountType: string | null = null;
    let planType: string | null = null;
    let unauthenticated = false;
    if (account.kind === 'ok' && isRecord(account.result)) {
      const info = account.result.account;
      if (isRecord(info)) {
        accountType = typeof info.type === 'string' ? info.type : null;
        planType = typeof info.planType === 'string' ? info.planType : null;
      } else if (account.result.requiresOpenaiAuth === true) {
        unauthenticated = true;
      }
    } else if (account.kind !== 'ok') {
      warnings.push(describe('account/read', account));
    }

    const byLimit = new Map<string, Snapshot>();
    if (limits.kind === 'ok' && isRecord(limits.result)) {
      const result = limits.result;
      if (isRecord(result.rateLimits)) byLimit.set(limitIdOf(result.rateLimits), result.rateLimits);
      if (isRecord(result.rateLimitsByLimitId)) {
        for (const [id, snapshot] of Object.entries(result.rateLimitsByLimitId)) {
          if (isRecord(snapshot)) byLimit.set(typeof snapshot.limitId === 'string' ? snapshot.limitId : id, snapshot);
        }
      }
    }
    for (const push of pushes) byLimit.set(limitIdOf(push), mergeRateLimitSnapshot(byLimit.get(limitIdOf(push)), push));

    const fetchedAt = now();
    if (byLimit.size === 0) {
      const reason =
        limits.kind === 'ok'
          ? 'codex app-server answered account/rateLimits/read without rate limits'
          : describe('account/rateLimits/read', limits);
      if (accountType === 'apiKey') {
        return {
          snapshot: failedSnapshot(
            'unknown',
            'the Codex home is logged in with an API key: no subscription windows',
            fetchedAt,
            accountId,
            warnings,
          ),
          accountType,
          planType,
          unauthenticated,
          pushes: pushes.length,
        };
      }
      return {
        snapshot: failedSnapshot(
          'error',
          unauthenticated ? `not logged in to ChatGPT (${reason})` : reason,
          fetchedAt,
          accountId,
          warnings,
        ),
        accountType,
        planType,
        unauthenticated,
        pushes: pushes.length,
      };
    }
    if (limits.kind !== 'ok') warnings.push(`${describe('account/rateLimits/read', limits)}; windows from pushes only`);

    const windows: NormalisedUsageWindow[] = [];
    let reached: string | null = null;
    for (const [limitId, snapshot] of byLimit) {
      const limitName = typeof snapshot.limitName === 'string' ? snapshot.limitName : null;
      for (const field of ['primary', 'secondary'] as const) {
        const raw = snapshot[field];
        if (!isRecord(raw)) continue;
        const minutes = raw.windowDurationMins;
        const read = codexWindow(
          {
            usedPercent: raw.usedPercent,
            durationSeconds: typeof minutes === 'number' ? minutes * 60 : null,
            resetsAt: raw.resetsAt,
            limitId,
            limitName,
          },
          APP_SERVER_SOURCE,
          'official',
          fetchedAt,
        );
        if ('problem' in read) warnings.push(read.problem);
        else windows.push(read.window);
      }
      if (typeof snapshot.rateLimitReachedType === 'string' && limitId === MAIN_LIMIT_ID) reached = snapshot.rateLimitReachedType;
    }
    const snapshot = createSnapshot({
      providerId: CODEX_PROVIDER_ID,
      accountId,
      windows,
      fetchedAt,
      warnings: warnings.map((text) => scrubSecrets(text)),
      ...(reached ? { status: 'limit_reached' as const, reason: `codex app-server reports ${reached}` } : {}),
    });
    return { snapshot, accountType, planType, unauthenticated, pushes: pushes.length };
  });
}
