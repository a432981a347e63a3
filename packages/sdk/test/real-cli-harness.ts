import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonObject } from '@agentpool/core';
import {
  createGitRepo,
  createTempHome,
  type ModelImitation,
  processesWithEnv,
  realCliBinDir,
  resultBlock,
  startModelImitation,
  type TempHome,
} from '@agentpool/test-utils';
import { afterEach, expect } from 'vitest';
import { type AgentPool, createAgentPool } from '../src/index.js';

/**
 * What the tests that drive one real CLI through agentpool share: a pool started against the model
 * imitation (torn down after each test, with nothing of the CLI left running), the first and second
 * turns checked the same way, and the records the worker's hooks wrote.
 */

/** What a test sends as the second turn; the imitation knows it by "Second turn". */
export const SECOND_TURN_QUESTION = 'Second turn: what does the README say?';

/** The answer to a second turn about the README, with its block. */
export const SECOND_TURN_ANSWER = `Second turn: the README says hello.\n\n${resultBlock('answered the follow-up', 'the README says hello')}`;

/** What `pool.sessions()` gives. */
export type PoolSessions = Awaited<ReturnType<AgentPool['sessions']>>;

/** How one real CLI is started in a pool of its own. */
export interface RealCliPoolSettings {
  /** Prepares the CLI's throwaway HOME against the imitation, trusting `workDirs`; returns its environment. */
  readonly prepareHome: (home: string, imitationUrl: string, workDirs: readonly string[]) => Record<string, string>;
  /** The folder name of that HOME, beside the pool's. */
  readonly cliHomeName: string;
  /** The folder that holds the CLI's binary, put first on PATH; by default realCliBinDir(). */
  readonly binDir?: string;
  /** Let `keys` send raw keys (answering the CLI's own dialogs takes them). */
  readonly allowRawKeys?: boolean;
  /** The prefix of the temp home's folder. */
  readonly tempPrefix?: string;
}

/** A pool started against the imitation, with a git repo holding a README. */
export interface RealCliPool {
  readonly repo: string;
  /** agentpool's home. */
  readonly home: string;
  /** The CLI's own HOME. */
  readonly cliHome: string;
  readonly sessions: PoolSessions;
  readonly imitation: ModelImitation;
}

/**
 * Returns `start(reply, trusted)`, which starts the imitation and a pool with the CLI on its PATH
 * (the repo trusted by the CLI unless `trusted` is false). After each test the pool, the imitation
 * and the temp home go, and whatever still runs with the CLI's HOME is killed.
 */
export function useRealCliPool(
  settings: RealCliPoolSettings,
): (reply: Parameters<typeof startModelImitation>[0], trusted?: boolean) => Promise<RealCliPool> {
  let temp: TempHome | null = null;
  let imitation: ModelImitation | null = null;
  let pool: AgentPool | null = null;
  let cliHome: string | null = null;
  afterEach(async () => {
    // A failed test may leave its worker running: end it before the homes are removed.
    if (pool) {
      const sessions = await pool.sessions();
      for (const session of await sessions.list({})) await sessions.terminate(session.id).catch(() => undefined);
    }
    await pool?.close();
    await imitation?.close();
    temp?.cleanup();
    pool = null;
    imitation = null;
    temp = null;
    // Whatever happened, nothing of the CLI outlives its test.
    if (cliHome) for (const pid of processesWithEnv('HOME', cliHome)) process.kill(pid, 'SIGKILL');
    cliHome = null;
  });

  return async (reply, trusted = true) => {
    const started = await startModelImitation(reply);
    imitation = started;
    const tempHome = createTempHome(settings.tempPrefix);
    temp = tempHome;
    if (settings.allowRawKeys) {
      mkdirSync(tempHome.home, { recursive: true });
      writeFileSync(join(tempHome.home, 'config.yaml'), 'policy:\n  allow_raw_keys: true\n');
    }
    const repo = createGitRepo({ 'README.md': 'hello\n' });
    const home = join(tempHome.home, '..', settings.cliHomeName);
    cliHome = home;
    const cliEnv = settings.prepareHome(home, started.url, trusted ? [repo] : []);
    const created = await createAgentPool({
      home: tempHome.home,
      env: {
        ...tempHome.env,
        ...cliEnv,
        // As when agentpool itself runs in a CI job: the worker's pane must still be an interactive
        // terminal to the CLI (Gemini goes headless on these; Droid draws another screen).
        CI: 'true',
        GITHUB_ACTIONS: 'true',
        PATH: `${settings.binDir ?? realCliBinDir()}:${process.env.PATH ?? ''}`,
      },
    });
    pool = created;
    return { repo, home: tempHome.home, cliHome: home, sessions: await created.sessions(), imitation: started };
  };
}

/** Collects the session's first turn and expects the sections of `resultBlock(summary, findings)`. */
export async function expectFirstTurnCollected(
  sessions: PoolSessions,
  sessionId: string,
  summary: string,
  findings: string,
): Promise<void> {
  const collected = await sessions.collect({ sessionId });
  expect(collected.turn).toBe(1);
  expect(collected.result?.sections).toEqual({ Summary: summary, Findings: findings, 'Files changed': 'none', Blockers: 'none' });
}

/**
 * Sends the second turn and expects it answered with SECOND_TURN_ANSWER's block: completed, the
 * session's second turn, its summary collected.
 */
export async function expectSecondTurnAnswered(sessions: PoolSessions, sessionId: string): Promise<void> {
  await sessions.send({ sessionId, text: SECOND_TURN_QUESTION });
  const second = await sessions.observe({ sessionId, waitFor: ['completed', 'idle', 'error'], timeoutMs: 90_000 });
  expect(second.evaluated.evaluation.state).toBe('completed');
  expect(second.evaluated.session.turnCount).toBe(2);
  expect((await sessions.collect({ sessionId })).result?.sections.Summary).toBe('answered the follow-up');
}

/** Asserts that nothing of the worker runs any more: not its processes, not those with the CLI's HOME. */
export function expectNothingLeftRunning(sessionId: string, cliHome: string): void {
  expect(processesWithEnv('AGENTPOOL_SESSION_ID', sessionId)).toEqual([]);
  expect(processesWithEnv('HOME', cliHome)).toEqual([]);
}

/** One record of the worker's hooks, notify program or status line, its payload read as a JSON object. */
export interface SignalRecord {
  /** Epoch ms the signal recorder wrote it. */
  readonly at: number;
  readonly payload: Record<string, unknown>;
}

/**
 * The records in the session's signals folder (of `signalFile` alone when it is named), in the order
 * they were written. A line not yet whole, or a payload that is not a JSON object (a hook given
 * nothing), is passed over.
 */
export function signalRecords(home: string, sessionId: string, signalFile?: string): SignalRecord[] {
  const dir = join(home, 'artifacts', sessionId, 'signals');
  if (!existsSync(dir)) return [];
  const files = signalFile ? [signalFile] : readdirSync(dir).filter((file) => file.endsWith('.jsonl'));
  return files
    .filter((file) => existsSync(join(dir, file)))
    .flatMap((file) => readFileSync(join(dir, file), 'utf8').split('\n'))
    .flatMap((line) => {
      const record = parseJsonObject(line);
      const payload = typeof record?.payload === 'string' ? parseJsonObject(record.payload) : null;
      return record && typeof record.at === 'number' && payload ? [{ at: record.at, payload }] : [];
    })
    .sort((a, b) => a.at - b.at);
}

/** When the worker's hooks last recorded `event` (epoch ms), read from `signalFile`; null when they never did. */
export function lastHookAt(home: string, sessionId: string, signalFile: string, event: string): number | null {
  return (
    signalRecords(home, sessionId, signalFile)
      .filter((record) => record.payload.hook_event_name === event)
      .at(-1)?.at ?? null
  );
}
