import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename, join } from 'node:path';
import { createGitRepo, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AgentPool, createAgentPool, type RotationCycleReport } from '../src/index.js';
import { closePool } from './pool-teardown.js';

/**
 * Account rotation on a real tmux team of fake workers (Claude-style hooks, a conversation log in
 * their home, `--resume`), their accounts' usage served per login by a loopback endpoint.
 */

const PROVIDER = 'fake-completed-hooks';
const CANARY = 'CANARY-7f3c9b2e-secret';
const ACCOUNTS = { 'acct-a.json': 'A', 'acct-b.json': 'B', 'acct-c.json': 'C' } as const;
type Account = keyof typeof ACCOUNTS;
const tokenOf = (account: Account) => `tok-${ACCOUNTS[account]}-${CANARY}`;

/** What the loopback endpoint answers per account: remaining percent, or a failure. */
type Usage = number | 'fail';

function startUsageServer(usage: Map<Account, Usage>): Promise<{ server: Server; url: string }> {
  const byToken = new Map((Object.keys(ACCOUNTS) as Account[]).map((account) => [tokenOf(account), account]));
  const server = createServer((request, response) => {
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const account = byToken.get(token);
    const remaining = account ? usage.get(account) : undefined;
    if (remaining === undefined || remaining === 'fail') {
      response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":"unavailable"}');
      return;
    }
    const resetsAt = new Date(Date.now() + 2 * 3600_000).toISOString();
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ windows: [{ name: '5h', duration_seconds: 18_000, remaining_percent: remaining, resets_at: resetsAt }] }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })),
  );
}

let temp: TempHome;
let server: Server | null = null;
let pool: AgentPool | null = null;
beforeEach(() => {
  temp = createTempHome('ap-rot-');
});
afterEach(async () => {
  await closePool(pool);
  pool = null;
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
  temp.cleanup();
});

async function setUp(usage: Map<Account, Usage>) {
  const started = await startUsageServer(usage);
  server = started.server;
  const team = join(temp.home, '..', 'team');
  mkdirSync(team, { recursive: true });
  for (const [file, label] of Object.entries(ACCOUNTS)) {
    writeFileSync(join(team, file), JSON.stringify({ account: label, token: tokenOf(file as Account) }), { mode: 0o600 });
  }
  pool = await createAgentPool({
    env: {
      ...temp.env,
      CAP_AUTH_TEAM_DIR: team,
      AGENTPOOL_FAKE_USAGE_URL: started.url,
      // Each turn takes long enough to catch a worker in the middle of one.
      FAKE_AGENT_WORK_MS: '4000',
    },
  });
  const repo = createGitRepo({ 'README.md': 'hello\n' });
  return { team, repo, sessions: await pool.sessions() };
}

/** A worker on `account` in a private home holding that account's login, as `spawn --account` makes it. */
async function spawnOn(account: Account, team: string, repo: string, task: string) {
  if (!pool) throw new Error('no pool');
  const home = join(temp.home, 'homes', `first-${task.slice(0, 8).replace(/\W/g, '')}`);
  mkdirSync(home, { recursive: true, mode: 0o700 });
  copyFileSync(join(team, account), join(home, 'auth.json'));
  chmodSync(join(home, 'auth.json'), 0o600);
  const sessions = await pool.sessions();
  const spawned = await sessions.spawn({
    provider: PROVIDER,
    task,
    repo,
    isolation: 'shared',
    account: { id: account, home, env: { FAKE_AGENT_HOME: home } },
  });
  return spawned.session.id;
}

const cycle = (overrides: Record<string, unknown> = {}): Promise<RotationCycleReport> => {
  if (!pool) throw new Error('no pool');
  return pool.rotateAccounts({
    provider: PROVIDER,
    thresholdPercent: 10,
    marginPercent: 5,
    cooldownMs: 60_000,
    confirmations: 2,
    drainTimeoutMs: 30_000,
    continuation: 'Continue where you left off.',
    ...overrides,
  });
};

/** A has headroom and is the team's account, B has more, C is spent. */
const startingUsage = () =>
  new Map<Account, Usage>([
    ['acct-a.json', 50],
    ['acct-b.json', 80],
    ['acct-c.json', 0],
  ]);

type Sessions = Awaited<ReturnType<AgentPool['sessions']>>;

/** The worker resumed from `id` came back on B in the same conversation, remembered turn 1 (`marker`) and did the continuation. */
async function expectResumedOnB(sessions: Sessions, resumedId: string, id: string, marker: string, earlier: number) {
  const done = await sessions.observe({ sessionId: resumedId, waitFor: ['completed'], timeoutMs: 30_000 });
  expect(done.evaluated.evaluation.state).toBe('completed');
  expect(done.evaluated.session.accountId).toBe('acct-b.json');
  expect(done.evaluated.session.providerSessionId).toBe(id);
  const screen = (done.evaluated.screen ?? []).join('\n');
  expect(screen).toContain('account: B');
  expect(screen).toContain(`resumed conversation ${id}: ${earlier} earlier turn(s); first: "${marker}`);
  const collected = await sessions.collect(resumedId);
  expect(collected.result?.sections.Findings ?? '').toContain(`remembers turn 1: "${marker}`);
  return done.evaluated.session;
}

describe('pool watch: rotation of a tmux team of fake workers', () => {
  it('rotates only on a confirmed drop, never onto an exhausted account, never mid-turn; each worker resumes on the new account remembering its conversation', async () => {
    const usage = startingUsage();
    const { team, repo, sessions } = await setUp(usage);
    const first = await spawnOn('acct-a.json', team, repo, 'ALPHA-MARKER first task');
    const second = await spawnOn('acct-a.json', team, repo, 'BRAVO-MARKER second task');
    for (const id of [first, second]) {
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 30_000 });
      expect(done.evaluated.evaluation.state).toBe('completed');
      // The hooks named the conversation: recorded on the session.
      expect(done.evaluated.session.providerSessionId).toBe(id);
    }

    // Above the threshold: stay.
    expect((await cycle()).decision.action).toBe('stay');
    // A flapping probe: low, high, low — never two low in a row.
    for (const remaining of [5, 60, 5]) {
      usage.set('acct-a.json', remaining);
      const report = await cycle();
      expect(report.decision.action).toBe('stay');
      expect(report.workers).toEqual([]);
    }
    // A failed probe alone never rotates.
    usage.set('acct-a.json', 'fail');
    const failed = await cycle();
    expect(failed.decision).toMatchObject({ action: 'stay' });
    expect(failed.probes.find((probe) => probe.account === 'acct-a.json')?.status).toBe('unknown');

    // Confirmed low, but B is exhausted and C unknown: nothing is chosen; the workers are held.
    usage.set('acct-a.json', 5);
    usage.set('acct-b.json', 0);
    usage.set('acct-c.json', 'fail');
    const waiting = await cycle();
    expect(waiting.decision.action).toBe('wait');
    expect(waiting.current).toBe('acct-a.json');
    expect(waiting.workers.map((worker) => worker.action)).toEqual([]);

    // B has headroom again, C is exhausted: rotate to B. The second worker is mid-turn when it happens.
    usage.set('acct-b.json', 80);
    usage.set('acct-c.json', 0);
    await sessions.send({ sessionId: second, text: 'CHARLIE-MARKER a second turn' });
    const working = await sessions.observe({ sessionId: second, waitFor: ['working'], timeoutMs: 10_000 });
    expect(working.evaluated.evaluation.state).toBe('working');
    const rotated = await cycle();
    expect(rotated.decision).toMatchObject({ action: 'rotate', to: 'acct-b.json' });
    expect(rotated.current).toBe('acct-b.json');
    expect(rotated.workers.map((worker) => [worker.session_id, worker.action, worker.to])).toEqual(
      expect.arrayContaining([
        [first, 'resumed', 'acct-b.json'],
        [second, 'resumed', 'acct-b.json'],
      ]),
    );

    // Neither was stopped mid-turn: the second finished its turn 2 before it was stopped.
    for (const id of [first, second]) {
      const events = await sessions.events(id);
      const stopped = events.find((event) => event.type === 'terminated');
      expect(['idle', 'completed', 'limit_reached']).toContain(stopped?.data.from);
    }
    const secondEvents = await sessions.events(second);
    const completedTurn2 = secondEvents.findIndex(
      (event) => event.type === 'state_changed' && event.state === 'completed' && event.data.turn === 2,
    );
    expect(completedTurn2).toBeGreaterThan(-1);
    expect(completedTurn2).toBeLessThan(secondEvents.findIndex((event) => event.type === 'terminated'));

    // Each came back on B, in the same conversation, and did the continuation.
    for (const [id, marker, earlier] of [
      [first, 'ALPHA-MARKER', 1],
      [second, 'BRAVO-MARKER', 2],
    ] as const) {
      const step = rotated.workers.find((worker) => worker.session_id === id);
      await expectResumedOnB(sessions, step?.new_session_id as string, id, marker, earlier);
    }

    // Every step is a pool event, newest first.
    const events = (await (pool as AgentPool).rotationEvents({ provider: PROVIDER, limit: 200 })).map((event) => event.type);
    expect(events).toEqual(
      expect.arrayContaining(['probe', 'decision', 'rotation_marked', 'worker_stopped', 'worker_home_swapped', 'worker_resumed']),
    );
    expect(events.filter((type) => type === 'rotation_marked')).toHaveLength(1);

    // The logins' secrets reached no event, report or database file.
    const store = await (pool as AgentPool).store();
    const dir = join(store.path, '..');
    for (const name of readdirSync(dir).filter((file) => file.startsWith('agentpool.sqlite'))) {
      expect(readFileSync(join(dir, name)).includes(CANARY)).toBe(false);
    }
    expect(JSON.stringify(rotated)).not.toContain(CANARY);
  });

  it('moves workers spawned on pool accounts (spawn --account): their conversation is carried before the session end removes the old private home', async () => {
    const usage = startingUsage();
    const { team, repo, sessions } = await setUp(usage);
    const agentPool = pool as AgentPool;
    // The team's logins registered as pool accounts, labelled as the team's files: what `pool accounts add` does.
    // A source home with configuration and per-run state: a private home takes only the configuration.
    const source = join(temp.home, '..', 'source-home');
    mkdirSync(join(source, 'conversations'), { recursive: true });
    writeFileSync(join(source, 'config.toml'), 'model = "fake"\n');
    writeFileSync(join(source, 'history.jsonl'), '{"stale":true}\n');
    writeFileSync(join(source, 'conversations', 'someone-else.jsonl'), '{"stale":true}\n');
    for (const file of Object.keys(ACCOUNTS)) {
      await agentPool.accountPool().accounts.add({ provider: PROVIDER, label: file, sourceHome: source, authFile: join(team, file) });
    }
    const homes = join(temp.home, 'homes');
    const workers: { id: string; marker: string; home: string }[] = [];
    // One worker as `spawn --account acct-a.json`, one as `spawn --pool` (with B and C paused, A is
    // the pick): through AgentPool.spawn, each in a private home `homes/<session id>`.
    for (const label of ['acct-b.json', 'acct-c.json']) await agentPool.accountPool().accounts.pause(label);
    for (const [marker, how] of [
      ['DELTA-MARKER', { account: 'acct-a.json' }],
      ['ECHO-MARKER', { pool: PROVIDER }],
    ] as const) {
      const spawned = await agentPool.spawn({ provider: PROVIDER, ...how, task: `${marker} pooled task`, repo, isolation: 'shared' });
      expect(spawned.account).toMatchObject({ label: 'acct-a.json', chosenBy: 'account' in how ? 'named' : 'balanced' });
      const id = spawned.session.id;
      const home = join(homes, id);
      expect(spawned.session.metadata.accountHome).toBe(home);
      workers.push({ id, marker, home });
    }
    for (const { id, home } of workers) {
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 30_000 });
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect(done.evaluated.session.providerSessionId).toBe(id);
      expect(existsSync(home)).toBe(true);
    }

    for (const label of ['acct-b.json', 'acct-c.json']) await agentPool.accountPool().accounts.resume(label);
    const assignments = async () =>
      (await agentPool.accountPool().list()).assignments.map((assignment) => [
        assignment.worker,
        assignment.account,
        basename(assignment.authPath),
      ]);
    expect(await assignments()).toEqual([[workers[1]?.id, 'acct-a.json', 'acct-a.json']]);

    usage.set('acct-a.json', 5);
    const rotated = await cycle({ confirmations: 1 });
    expect(rotated.decision).toMatchObject({ action: 'rotate', to: 'acct-b.json' });
    // The pooled worker's live assignment moved with it: the resumed session holds it, on B.
    const echoResumed = rotated.workers.find((worker) => worker.session_id === workers[1]?.id)?.new_session_id;
    expect(await assignments()).toEqual([[echoResumed, 'acct-b.json', 'acct-b.json']]);
    expect(rotated.workers.map((worker) => [worker.session_id, worker.action, worker.to])).toEqual(
      expect.arrayContaining(workers.map(({ id }) => [id, 'resumed', 'acct-b.json'])),
    );

    const resumedIds: string[] = [];
    for (const { id, marker, home } of workers) {
      // The old private home went with its session; the old session is over.
      expect(existsSync(home)).toBe(false);
      expect((await sessions.show(id)).session.endedAt).not.toBeNull();
      const resumedId = rotated.workers.find((worker) => worker.session_id === id)?.new_session_id as string;
      resumedIds.push(resumedId);
      const resumed = await expectResumedOnB(sessions, resumedId, id, marker, 1);
      // The new home is private, like the one a pooled spawn makes, and holds the new login.
      const newHome = resumed.metadata.accountHome as string;
      expect(newHome.startsWith(`${homes}/`)).toBe(true);
      expect(statSync(newHome).mode & 0o777).toBe(0o700);
      expect(readFileSync(join(newHome, 'auth.json'), 'utf8')).toContain('"account":"B"');
      // The configuration it ran with, its own conversation and nothing per-run besides.
      expect(readFileSync(join(newHome, 'config.toml'), 'utf8')).toBe('model = "fake"\n');
      expect(existsSync(join(newHome, 'history.jsonl'))).toBe(false);
      expect(readdirSync(join(newHome, 'conversations'))).toEqual([`${id}.jsonl`]);
    }

    // Nothing left running once the resumed workers are stopped: no live session, no tmux session, no home.
    for (const id of resumedIds) await sessions.terminate(id);
    expect(await sessions.list({ includeEnded: false })).toEqual([]);
    expect(await assignments()).toEqual([]);
    const store = await agentPool.store();
    for (const id of [...workers.map((worker) => worker.id), ...resumedIds]) {
      const tmux = (await store.sessions.require(id)).tmuxSession;
      expect(() => execFileSync('tmux', ['-S', temp.tmuxSocket, 'has-session', '-t', `=${tmux}`], { stdio: 'ignore' })).toThrow();
    }
    expect(readdirSync(homes)).toEqual([]);
  });

  it("keeps a copy of a pooled worker's conversation when its resume does not start", async () => {
    const usage = startingUsage();
    const { team, repo, sessions } = await setUp(usage);
    const agentPool = pool as AgentPool;
    for (const file of Object.keys(ACCOUNTS)) {
      await agentPool.accountPool().accounts.add({ provider: PROVIDER, label: file, authFile: join(team, file) });
    }
    const spawned = await agentPool.spawn({
      provider: PROVIDER,
      account: 'acct-a.json',
      task: 'FOXTROT-MARKER task',
      repo,
      isolation: 'shared',
    });
    const id = spawned.session.id;
    expect((await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 30_000 })).evaluated.evaluation.state).toBe(
      'completed',
    );
    // The resume fails to start (as a full session cap or a launch failure would).
    const spawn = sessions.spawn;
    sessions.spawn = () => Promise.reject(new Error('no room for the resumed worker'));
    usage.set('acct-a.json', 5);
    let failed: RotationCycleReport;
    try {
      failed = await cycle({ confirmations: 1 });
    } finally {
      sessions.spawn = spawn;
    }
    const homes = join(temp.home, 'homes');
    const kept = join(homes, `carried-${id}`);
    expect(failed.workers).toEqual([
      expect.objectContaining({ session_id: id, action: 'failed', reason: expect.stringContaining(`the conversation is kept in ${kept}`) }),
    ]);
    // The old private home went with the session and the new one was dropped; the copy is what is left.
    expect(readdirSync(homes)).toEqual([`carried-${id}`]);
    expect(statSync(kept).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(kept, 'conversations', `${id}.jsonl`), 'utf8')).toContain('FOXTROT-MARKER');
  });

  it('takes one watcher at a time per provider', async () => {
    const { sessions } = await setUp(new Map<Account, Usage>([['acct-a.json', 50]]));
    expect(sessions).toBeTruthy();
    const store = await (pool as AgentPool).store();
    await store.leases.acquire({
      id: 'lease-00000000-0000-4000-8000-000000000001',
      resource: `agentpool:pool-rotation/${PROVIDER}`,
      mode: 'write',
      holder: 'watcher:other',
      ttlSeconds: 60,
    });
    await expect(cycle()).rejects.toMatchObject({ code: 'LEASE_CONFLICT' });
  });
});
