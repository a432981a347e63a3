import {
  prepareClaudeHome,
  prepareCodexHome,
  REAL_CLI_VERSIONS,
  type RealCli,
  realCliBinary,
  realCliDir,
  realClisRequired,
  resultBlock,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import {
  expectFirstTurnCollected,
  expectNothingLeftRunning,
  expectSecondTurnAnswered,
  SECOND_TURN_ANSWER,
  useRealCliPool,
} from './real-cli-harness.js';

/**
 * The real Claude Code and Codex TUIs, run through agentpool against the model imitation on
 * 127.0.0.1: two turns each, to `completed`, with the exact result blocks collected, and nothing of
 * theirs left running after terminate. CI installs them (scripts/install-real-clis.sh) and sets
 * AGENTPOOL_REQUIRE_REAL_CLIS=1, so there a missing CLI fails instead of skipping.
 */

const FIRST = `I looked at the folder: it holds one README.\n\n${resultBlock('inspected the folder', 'one README file')}`;

const CASES: readonly { cli: RealCli; provider: string }[] = [
  { cli: 'claude-code', provider: 'claude-code' },
  { cli: 'codex', provider: 'codex-cli' },
];

describe.each(CASES)('the real $cli through agentpool', ({ cli, provider }) => {
  const binary = realCliBinary(cli);
  const run = binary || realClisRequired() ? it : it.skip;
  const startPool = useRealCliPool({ prepareHome: cli === 'claude-code' ? prepareClaudeHome : prepareCodexHome, cliHomeName: 'cli-home' });

  run(
    `two turns to completed with the exact blocks, then nothing left running (${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version})`,
    async () => {
      expect(binary, `${cli} is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { repo, cliHome, sessions, imitation } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Folder inspection' };
          if (request.lastUserText.includes('Second turn')) return { text: SECOND_TURN_ANSWER };
          if (request.lastUserText.includes('Inspect the folder')) return { text: FIRST };
          return { text: 'ok' };
        },
      });

      const spawned = await sessions.spawn({ provider, task: 'Inspect the folder and report.', repo });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const first = await sessions.observe({
        sessionId: id,
        waitFor: ['completed', 'idle', 'error', 'question', 'approval_prompt'],
        timeoutMs: 90_000,
      });
      expect(first.evaluated.evaluation.state).toBe('completed');
      await expectFirstTurnCollected(sessions, id, 'inspected the folder', 'one README file');

      await expectSecondTurnAnswered(sessions, id);
      expect((await sessions.collect({ sessionId: id, turn: 1 })).result?.sections.Summary).toBe('inspected the folder');

      // What the terminal showed, read through the emulator: both blocks, spaces intact, markers alone on their lines.
      const transcript = await sessions.transcript({ sessionId: id, tailLines: 400 });
      const lines = transcript.text.split('\n').map((line) => line.trim());
      for (const line of [...FIRST.split('\n').slice(2), ...SECOND_TURN_ANSWER.split('\n').slice(2)]) expect(lines).toContain(line);
      expect(lines.filter((line) => line === 'AGENTPOOL_RESULT_END')).toHaveLength(2);
      expect(imitation.requests.filter((request) => request.hasTools).length).toBeGreaterThanOrEqual(2);

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      // Nothing of the worker's is left: not its processes (they carry the session id), not the CLI's daemons (they carry its HOME).
      expectNothingLeftRunning(id, cliHome);
    },
    240_000,
  );
});
