import { join } from 'node:path';
import {
  createGitRepo,
  createTempHome,
  type ModelImitation,
  prepareClaudeHome,
  prepareCodexHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  type RealCli,
  realCliBinary,
  realCliDir,
  realClisRequired,
  startModelImitation,
  type TempHome,
} from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentPool, createAgentPool } from '../src/index.js';

/**
 * The real Claude Code and Codex TUIs, run through agentpool against the model imitation on
 * 127.0.0.1: two turns each, to `completed`, with the exact result blocks collected, and nothing of
 * theirs left running after terminate. CI installs them (scripts/install-real-clis.sh) and sets
 * AGENTPOOL_REQUIRE_REAL_CLIS=1, so there a missing CLI fails instead of skipping.
 */

const block = (summary: string, findings: string) =>
  [
    'AGENTPOOL_RESULT_START',
    `Summary: ${summary}`,
    `Findings: ${findings}`,
    'Files changed: none',
    'Blockers: none',
    'AGENTPOOL_RESULT_END',
  ].join('\n');
const FIRST = `I looked at the folder: it holds one README.\n\n${block('inspected the folder', 'one README file')}`;
const SECOND = `Second turn: the README says hello.\n\n${block('answered the follow-up', 'the README says hello')}`;

const CASES: readonly { cli: RealCli; provider: string }[] = [
  { cli: 'claude-code', provider: 'claude-code' },
  { cli: 'codex', provider: 'codex-cli' },
];

let temp: TempHome | null = null;
let imitation: ModelImitation | null = null;
let pool: AgentPool | null = null;
afterEach(async () => {
  await pool?.close();
  await imitation?.close();
  temp?.cleanup();
  pool = null;
  imitation = null;
  temp = null;
});

describe.each(CASES)('the real $cli through agentpool', ({ cli, provider }) => {
  const binary = realCliBinary(cli);
  const run = binary || realClisRequired() ? it : it.skip;

  run(
    `two turns to completed with the exact blocks, then nothing left running (${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version})`,
    async () => {
      expect(binary, `${cli} is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      imitation = await startModelImitation({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Folder inspection' };
          if (request.lastUserText.includes('Second turn')) return { text: SECOND };
          if (request.lastUserText.includes('Inspect the folder')) return { text: FIRST };
          return { text: 'ok' };
        },
      });
      temp = createTempHome();
      const repo = createGitRepo({ 'README.md': 'hello\n' });
      const cliHome = join(temp.home, '..', 'cli-home');
      const cliEnv =
        cli === 'claude-code' ? prepareClaudeHome(cliHome, imitation.url, [repo]) : prepareCodexHome(cliHome, imitation.url, [repo]);
      pool = await createAgentPool({
        home: temp.home,
        env: { ...temp.env, ...cliEnv, PATH: `${join(realCliDir(), 'node_modules', '.bin')}:${process.env.PATH ?? ''}` },
      });
      const sessions = await pool.sessions();

      const spawned = await sessions.spawn({ provider, task: 'Inspect the folder and report.', repo });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const first = await sessions.observe({
        sessionId: id,
        waitFor: ['completed', 'idle', 'error', 'question', 'approval_prompt'],
        timeoutMs: 90_000,
      });
      expect(first.evaluated.evaluation.state).toBe('completed');
      const collectedFirst = await sessions.collect({ sessionId: id });
      expect(collectedFirst.turn).toBe(1);
      expect(collectedFirst.result?.sections).toEqual({
        Summary: 'inspected the folder',
        Findings: 'one README file',
        'Files changed': 'none',
        Blockers: 'none',
      });

      await sessions.send({ sessionId: id, text: 'Second turn: what does the README say?' });
      const second = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error'], timeoutMs: 90_000 });
      expect(second.evaluated.evaluation.state).toBe('completed');
      expect(second.evaluated.session.turnCount).toBe(2);
      const collectedSecond = await sessions.collect({ sessionId: id });
      expect(collectedSecond.result?.sections.Summary).toBe('answered the follow-up');
      expect((await sessions.collect({ sessionId: id, turn: 1 })).result?.sections.Summary).toBe('inspected the folder');

      // What the terminal showed, read through the emulator: both blocks, spaces intact, markers alone on their lines.
      const transcript = await sessions.transcript({ sessionId: id, tailLines: 400 });
      const lines = transcript.text.split('\n').map((line) => line.trim());
      for (const line of [...FIRST.split('\n').slice(2), ...SECOND.split('\n').slice(2)]) expect(lines).toContain(line);
      expect(lines.filter((line) => line === 'AGENTPOOL_RESULT_END')).toHaveLength(2);
      expect(imitation.requests.filter((request) => request.hasTools).length).toBeGreaterThanOrEqual(2);

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      // Nothing of the worker's is left: not its processes (they carry the session id), not the CLI's daemons (they carry its HOME).
      expect(processesWithEnv('AGENTPOOL_SESSION_ID', id)).toEqual([]);
      expect(processesWithEnv('HOME', cliHome)).toEqual([]);
    },
    240_000,
  );
});
