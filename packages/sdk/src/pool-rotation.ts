import { basename } from 'node:path';
import { type AccountPool, decideRotation, type ProbeReading, type RotationDecision, type TeamSelection } from '@agentpool/account-pool';
import { AgentPoolError, newLeaseId, newSessionId, type ProviderAdapter, redact, type SessionState } from '@agentpool/core';
import type { SessionManager } from '@agentpool/sessions';
import type { PoolEventRecord, SessionRecord, Store } from '@agentpool/store';
import type { AccountStatusReport } from './account-status.js';
import { probeReading } from './probe-reading.js';
import { makeRotationHome, removeOwnedHome, stageConversation } from './rotation-home.js';

/** States between turns: a worker in one of them may be stopped and resumed elsewhere. */
export const BETWEEN_TURNS: readonly SessionState[] = ['idle', 'completed', 'limit_reached'];

/** The message a resumed worker gets once it is back at its input prompt. */
export const DEFAULT_CONTINUATION =
  'Your session was moved to another account to keep working within its usage limits. Continue the task where you left off.';

export interface RotationOptions extends TeamSelection {
  readonly provider: string;
  /** Rotate below this remaining percent of the binding window. */
  readonly thresholdPercent: number;
  /** Targets need more than threshold + margin. */
  readonly marginPercent: number;
  readonly cooldownMs: number;
  /** Successive answered probes below the threshold that a rotation needs (≥ 1). */
  readonly confirmations: number;
  /** How long to wait for each worker to be between turns (0: only look). */
  readonly drainTimeoutMs: number;
  readonly continuation: string;
  /** Who runs this watcher (recorded with the lock). */
  readonly holder: string;
}

export interface RotationDeps {
  readonly store: Store;
  readonly sessions: SessionManager;
  readonly accountPool: AccountPool;
  readonly adapter: ProviderAdapter;
  /** Every account's status, probed now. */
  readonly probe: () => Promise<AccountStatusReport>;
  /** agentpool's folder of worker homes. */
  readonly homesDir: string;
  readonly now: () => number;
}

export interface WorkerStep {
  readonly session_id: string;
  readonly account: string | null;
  /** `resumed` (moved and back at work), `waiting` (mid-turn; next cycle), `continued` (its own account has headroom again), `failed`, `held` (no account with headroom). */
  readonly action: 'resumed' | 'waiting' | 'continued' | 'failed' | 'held';
  readonly new_session_id?: string;
  readonly to?: string;
  readonly reason: string;
}

export interface RotationCycleReport {
  readonly provider: string;
  readonly at: string;
  /** The team's account before and after this cycle. */
  readonly current_before: string | null;
  readonly current: string | null;
  readonly probes: readonly {
    readonly account: string;
    readonly status: 'ok' | 'unknown';
    readonly remaining_percent: number | null;
    readonly resets_at: string | null;
    readonly reason: string | null;
  }[];
  readonly decision: {
    readonly action: RotationDecision['action'];
    readonly reason: string;
    readonly to: string | null;
    readonly until: string | null;
  };
  readonly workers: readonly WorkerStep[];
}

const LOCK_TTL_SECONDS = 15 * 60;
/** How many of the current account's past probes the decision reads. */
const HISTORY_PROBES = 20;

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/** A stored probe event back as a reading. */
function readingOf(event: PoolEventRecord): ProbeReading {
  const at = Date.parse(event.at);
  const data = event.data as { status?: string; remaining_percent?: number | null; resets_at?: string | null; reason?: string | null };
  if (data.status === 'ok' && typeof data.remaining_percent === 'number') {
    const resets = data.resets_at ? Date.parse(data.resets_at) : null;
    return { status: 'ok', at, remainingPercent: data.remaining_percent, resetsAt: resets };
  }
  return { status: 'unknown', at, reason: data.reason ?? 'unknown' };
}

/** Takes the watcher lock of a provider (a write lease in the store); LEASE_CONFLICT names the holder when another watcher has it. */
async function takeLock(deps: RotationDeps, options: RotationOptions): Promise<string> {
  const resource = `agentpool:pool-rotation/${options.provider}`;
  try {
    const lease = await deps.store.leases.acquire({
      id: newLeaseId(),
      resource,
      mode: 'write',
      holder: options.holder,
      ttlSeconds: LOCK_TTL_SECONDS,
      now: new Date(deps.now()),
    });
    return lease.id;
  } catch (error) {
    if (AgentPoolError.isInstance(error) && error.code === 'LEASE_CONFLICT') {
      throw new AgentPoolError('LEASE_CONFLICT', `Another watcher is rotating ${options.provider} accounts.`, {
        details: { ...error.details, resource },
        hint: 'agentpool leases list   (one `pool watch` per provider at a time)',
        cause: error,
      });
    }
    throw error;
  }
}

/**
 * One watch cycle for a provider: probe every account, decide, mark the team's new account, then
 * move each live worker still on another pool account — only between turns — to a new private home
 * with the new login and its conversation, resumed by the provider's own resume and given a
 * continuation. Every step is a pool event. One watcher per provider at a time (a lease).
 */
export async function runRotationCycle(deps: RotationDeps, options: RotationOptions): Promise<RotationCycleReport> {
  const lock = await takeLock(deps, options);
  try {
    return await cycle(deps, options);
  } finally {
    await deps.store.leases.release(lock, new Date(deps.now())).catch(() => undefined);
  }
}

async function cycle(deps: RotationDeps, options: RotationOptions): Promise<RotationCycleReport> {
  const { store, adapter } = deps;
  const provider = adapter.id;
  const event = (type: string, account: string | null, sessionId: string | null, data: Record<string, unknown>) =>
    store.poolEvents.append({ type, provider, account, sessionId, data, at: new Date(deps.now()).toISOString() });

  const selection: TeamSelection = { teamDir: options.teamDir, glob: options.glob };
  const { candidates } = deps.accountPool.teamFiles(selection);
  const pathOf = new Map(candidates.map((path) => [basename(path), path]));
  const report = await deps.probe();
  const at = deps.now();
  const readings = new Map<string, ProbeReading>();
  for (const row of report.accounts) {
    const reading = probeReading(row, at);
    readings.set(row.account, reading);
    await event('probe', row.account, null, {
      status: reading.status,
      remaining_percent: reading.status === 'ok' ? reading.remainingPercent : null,
      resets_at: reading.status === 'ok' ? iso(reading.resetsAt) : null,
      reason: reading.status === 'ok' ? null : redact(reading.reason),
    });
  }

  const before = candidates.length > 0 ? basename((await deps.accountPool.authCurrent(selection)).authPath) : null;
  const history = before
    ? (await store.poolEvents.list({ provider, types: ['probe'], limit: HISTORY_PROBES * Math.max(1, candidates.length) }))
        .filter((stored) => stored.account === before)
        .slice(0, HISTORY_PROBES)
        .reverse()
        .map(readingOf)
    : [];
  const lastRotation = (await store.poolEvents.list({ provider, types: ['rotation_marked'], limit: 1 }))[0];
  const live = (await deps.sessions.list({ includeEnded: false, provider })).filter((session) => session.endedAt === null);
  const onPool = live.filter((session) => session.accountId !== null && pathOf.has(session.accountId));
  const policy = {
    thresholdPercent: options.thresholdPercent,
    marginPercent: options.marginPercent,
    cooldownMs: options.cooldownMs,
    confirmations: options.confirmations,
  };
  const decision = decideRotation({
    now: at,
    current: before,
    history,
    candidates: [...readings].map(([account, reading]) => ({ account, reading })),
    lastRotationAt: lastRotation ? Date.parse(lastRotation.at) : null,
    limitReached: onPool.some((session) => session.accountId === before && session.state === 'limit_reached'),
    policy,
  });
  await event('decision', before, null, {
    action: decision.action,
    reason: decision.reason,
    to: decision.action === 'rotate' ? decision.to : null,
    until: decision.action === 'wait' ? iso(decision.until) : null,
  });

  let current = before;
  if (decision.action === 'rotate') {
    const target = pathOf.get(decision.to);
    if (target) {
      await deps.accountPool.authMoveTo(target, selection);
      current = decision.to;
      await event('rotation_marked', before, null, { from: before, to: decision.to, to_remaining_percent: decision.toRemainingPercent });
    }
  } else if (decision.action === 'wait') {
    await event('waiting_for_reset', before, null, { until: iso(decision.until) });
  }

  // The account workers go to must have checked headroom now (above threshold + margin).
  const floor = options.thresholdPercent + options.marginPercent;
  const currentReading = current ? readings.get(current) : undefined;
  const currentHasHeadroom = currentReading?.status === 'ok' && currentReading.remainingPercent > floor;
  const workers: WorkerStep[] = [];
  for (const session of onPool) {
    if (session.accountId === current) {
      // A worker stopped by its limit on the account the team is on goes on once that window reset.
      if (session.state === 'limit_reached' && currentHasHeadroom) {
        await deps.sessions.send({ sessionId: session.id, text: options.continuation });
        await event('worker_continued', current, session.id, { reason: 'its account has headroom again' });
        workers.push({ session_id: session.id, account: current, action: 'continued', reason: 'its account has headroom again' });
      }
      continue;
    }
    if (!current || !currentHasHeadroom) {
      workers.push({ session_id: session.id, account: session.accountId, action: 'held', reason: 'no account with headroom to move to' });
      continue;
    }
    workers.push(await moveWorker(deps, options, session, current, pathOf.get(current) as string, event));
  }
  return {
    provider,
    at: new Date(at).toISOString(),
    current_before: before,
    current,
    probes: [...readings].map(([account, reading]) => ({
      account,
      status: reading.status,
      remaining_percent: reading.status === 'ok' ? reading.remainingPercent : null,
      resets_at: reading.status === 'ok' ? iso(reading.resetsAt) : null,
      reason: reading.status === 'ok' ? null : redact(reading.reason),
    })),
    decision: {
      action: decision.action,
      reason: decision.reason,
      to: decision.action === 'rotate' ? decision.to : null,
      until: decision.action === 'wait' ? iso(decision.until) : null,
    },
    workers,
  };
}

type Recorder = (type: string, account: string | null, sessionId: string | null, data: Record<string, unknown>) => Promise<unknown>;

/** Moves one worker: waits until it is between turns, carries its conversation into a new home with the new login, stops it, resumes it there. */
async function moveWorker(
  deps: RotationDeps,
  options: RotationOptions,
  session: SessionRecord,
  to: string,
  authFile: string,
  event: Recorder,
): Promise<WorkerStep> {
  const from = session.accountId;
  const fail = async (reason: string): Promise<WorkerStep> => {
    await event('worker_failed', from, session.id, { to, reason });
    return { session_id: session.id, account: from, action: 'failed', to, reason };
  };
  const layout = deps.adapter.accountHome;
  if (!layout || typeof deps.adapter.resume !== 'function' || typeof deps.adapter.conversationFiles !== 'function') {
    return fail(`${deps.adapter.id} cannot resume a conversation on another account`);
  }
  // Never mid-turn: wait (up to the drain timeout) for the worker to be between turns.
  const seen = await deps.sessions.observe({ sessionId: session.id, waitFor: [...BETWEEN_TURNS], timeoutMs: options.drainTimeoutMs });
  let fresh = seen.evaluated.session;
  if (!BETWEEN_TURNS.includes(seen.evaluated.evaluation.state) || fresh.endedAt !== null) {
    if (fresh.endedAt !== null) return fail(`the session ended (${fresh.state})`);
    await event('worker_waiting', from, session.id, { to, state: seen.evaluated.evaluation.state });
    return {
      session_id: session.id,
      account: from,
      action: 'waiting',
      to,
      reason: `mid-turn (${seen.evaluated.evaluation.state}); moved once between turns`,
    };
  }
  const conversationId = fresh.providerSessionId;
  if (!conversationId) return fail('no conversation id was recorded for the worker (its signals never named one)');
  const oldHome = typeof fresh.metadata.accountHome === 'string' ? fresh.metadata.accountHome : null;
  if (!oldHome) return fail('the worker ran without a private home of its own; its conversation cannot be carried');

  // The conversation is carried out BEFORE the worker is stopped: a pooled worker's private home is
  // removed when its session ends (releaseWorkerAccount). The new home is `<homes>/<new session id>`,
  // so the resumed session's own end removes it in turn.
  const files = deps.adapter.conversationFiles({ home: oldHome, cwd: fresh.workDir, conversationId });
  if (files.length === 0) return fail(`the conversation ${conversationId} has no files in the worker's home`);
  const newId = newSessionId();
  const carry = { fromHome: oldHome, files };
  let home: string;
  let staged: string;
  try {
    home = makeRotationHome({ homesDir: deps.homesDir, sessionId: newId, layout, account: to, authFile, carry });
  } catch (error) {
    return fail(`could not make the new home: ${redact(error instanceof Error ? error.message : String(error))}`);
  }
  try {
    staged = stageConversation(deps.homesDir, session.id, carry);
  } catch (error) {
    removeOwnedHome(deps.homesDir, home);
    return fail(`could not keep a copy of the conversation: ${redact(error instanceof Error ? error.message : String(error))}`);
  }
  const dropCopies = () => {
    removeOwnedHome(deps.homesDir, home);
    removeOwnedHome(deps.homesDir, staged);
  };
  // Looked at once more just before it is stopped: a turn started meanwhile (its conversation copied
  // mid-write) wins; the copy is dropped and the worker is moved next cycle.
  const last = await deps.sessions.show(session.id);
  if (!BETWEEN_TURNS.includes(last.evaluation.state) || last.session.endedAt !== null) {
    dropCopies();
    if (last.session.endedAt !== null) return fail(`the session ended (${last.session.state})`);
    await event('worker_waiting', from, session.id, { to, state: last.evaluation.state });
    return { session_id: session.id, account: from, action: 'waiting', to, reason: `a turn started (${last.evaluation.state})` };
  }
  fresh = last.session;
  // A worker picked from a pool holds a live assignment: its end releases it, and the resumed
  // worker takes it over on the new account (balanced counts live workers).
  const held = (await deps.accountPool.list()).assignments.find((assignment) => assignment.worker === session.id) ?? null;
  try {
    await deps.sessions.terminate(session.id);
  } catch (error) {
    // It may have ended regardless (and a pooled worker's home with it): the staged copy is kept.
    removeOwnedHome(deps.homesDir, home);
    return fail(
      `could not stop the worker: ${redact(error instanceof Error ? error.message : String(error))}; the conversation is kept in ${staged}`,
    );
  }
  await event('worker_stopped', from, session.id, { state: last.evaluation.state, provider_session_id: conversationId });
  await event('worker_home_swapped', to, session.id, { conversation_files: files.length });
  let resumed: Awaited<ReturnType<SessionManager['spawn']>>;
  try {
    resumed = await deps.sessions.spawn({
      provider: deps.adapter.id,
      task: options.continuation,
      repo: fresh.workDir,
      role: fresh.role,
      isolation: fresh.isolation,
      model: fresh.model ?? undefined,
      promptMode: 'send_after_launch',
      sessionId: newId,
      account: { id: to, home, env: { [layout.homeVariable]: home } },
      resume: { fromSessionId: session.id, conversationId },
    });
  } catch (error) {
    // The new home may be gone with the failed spawn and a pooled worker's old home with its session:
    // the staged copy of the conversation is kept and named.
    removeOwnedHome(deps.homesDir, home);
    return fail(
      `the resume did not start: ${redact(error instanceof Error ? error.message : String(error))}; the conversation is kept in ${staged}`,
    );
  }
  // The resumed session runs in (and its end removes) the new home, which holds the conversation.
  removeOwnedHome(deps.homesDir, staged);
  if (held) {
    const registered = (await deps.accountPool.accounts.list()).find((account) => account.authFile === authFile);
    await deps.accountPool.assign({ worker: resumed.session.id, authPath: authFile, base: held.base, account: registered?.label ?? null });
    await event('worker_assigned', to, resumed.session.id, { from_session_id: session.id, account: registered?.label ?? null });
  }
  // Came back: the spawn waited for its input prompt and delivered the continuation, or says why not.
  const delivered = resumed.warnings.every((warning) => !warning.includes('the task was not sent'));
  if (!delivered) {
    await event('worker_failed', to, resumed.session.id, { from_session_id: session.id, reason: resumed.warnings.join(' ') });
    return {
      session_id: session.id,
      account: from,
      action: 'failed',
      to,
      new_session_id: resumed.session.id,
      reason: 'the resumed worker did not come back to its input prompt',
    };
  }
  removeOwnedHome(deps.homesDir, oldHome);
  await event('worker_resumed', to, resumed.session.id, {
    from_session_id: session.id,
    from_account: from,
    provider_session_id: conversationId,
  });
  return {
    session_id: session.id,
    account: from,
    action: 'resumed',
    to,
    new_session_id: resumed.session.id,
    reason: 'resumed on the new account and sent the continuation',
  };
}
