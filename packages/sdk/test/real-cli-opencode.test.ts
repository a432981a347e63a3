import {
  prepareOpencodeHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
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
 * The real opencode TUI through agentpool against the model imitation on 127.0.0.1: a turn whose
 * shell command brings up opencode's own permission prompt, approved with Enter, to `completed`
 * with the exact result block; a second turn; terminate with nothing of it left running. And a
 * model call answered with HTTP 429 (opencode waits to retry): the session reports limit_reached.
 * Skips with a reason when opencode is not installed, unless AGENTPOOL_REQUIRE_REAL_CLIS=1.
 */

const { package: pkg, version } = REAL_CLI_VERSIONS.opencode;
const SCRATCH = 'touch x && rm -f x';
const FIRST = `Cleaned up.\n\n${resultBlock('removed the scratch file', 'none')}`;

// Approving opencode's permission prompt is a key press.
const start = useRealCliPool({ prepareHome: prepareOpencodeHome, cliHomeName: 'cli-home', allowRawKeys: true, tempPrefix: 'ap-oc-' });

describe('the real opencode through agentpool', () => {
  const binary = realCliBinary('opencode');
  const run = binary || realClisRequired() ? it : it.skip;

  run(
    `approval prompt, approved, completed with the block, a second turn, nothing left running (${pkg}@${version})`,
    async () => {
      expect(binary, `opencode is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      let askedAt = 0;
      const { sessions, repo, cliHome } = await start({
        firstTokenDelayMs: 1500,
        reply: (request) => {
          if (!request.hasTools) return { text: 'Scratch clean-up' };
          if (request.lastUserText.includes('Second turn')) return { text: SECOND_TURN_ANSWER };
          if (request.hasToolResult) return { text: FIRST };
          askedAt = Date.now();
          return { toolCall: { name: 'bash', input: { command: SCRATCH, description: 'Remove the scratch file' } } };
        },
      });

      const spawned = await sessions.spawn({ provider: 'opencode', task: 'Clean up the scratch file and report.', repo });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const asked = await sessions.observe({
        sessionId: id,
        waitFor: ['approval_prompt', 'completed', 'idle', 'error'],
        timeoutMs: 120_000,
      });
      // From the imitation taking the request it answers with the tool call (its first token comes 1.5 s later) to agentpool reporting the prompt.
      console.log(`opencode: approval_prompt observed ${Date.now() - askedAt} ms after the tool-call request arrived`);
      expect(asked.evaluated.evaluation.state).toBe('approval_prompt');

      await sessions.keys({ sessionId: id, keys: ['Enter'] });
      const first = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error'], timeoutMs: 90_000 });
      expect(first.evaluated.evaluation.state).toBe('completed');
      await expectFirstTurnCollected(sessions, id, 'removed the scratch file', 'none');

      await expectSecondTurnAnswered(sessions, id);

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      expectNothingLeftRunning(id, cliHome);
    },
    300_000,
  );

  run(
    `a pinned model (--model), in a shared folder: completed with the block (${pkg}@${version})`,
    async () => {
      expect(binary, `opencode is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { sessions, repo, imitation } = await start({
        reply: (request) => (request.hasTools ? { text: SECOND_TURN_ANSWER } : { text: 'Follow-up' }),
      });
      const spawned = await sessions.spawn({
        provider: 'opencode',
        task: 'What does the README say?',
        repo,
        model: 'imitation/gpt-4o',
        isolation: 'shared',
      });
      const id = spawned.session.id;
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error'], timeoutMs: 120_000 });
      console.log(
        JSON.stringify(done.evaluated.evaluation),
        (await sessions.transcript({ sessionId: id, tailLines: 80 })).text,
        JSON.stringify(imitation.requests.map((r) => [r.model, r.hasTools, r.lastUserText.slice(0, 40)])),
      );
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('answered the follow-up');
      expect(imitation.requests.filter((request) => request.hasTools).map((request) => request.model)).toContain('gpt-4o');
      await sessions.terminate(id);
      expect(processesWithEnv('AGENTPOOL_SESSION_ID', id)).toEqual([]);
    },
    300_000,
  );

  run(
    `HTTP 429 from the model: limit_reached while opencode waits to retry (${pkg}@${version})`,
    async () => {
      expect(binary, `opencode is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { sessions, repo, cliHome } = await start({
        reply: (request) =>
          request.hasTools
            ? {
                error: {
                  status: 429,
                  type: 'rate_limit_exceeded',
                  message:
                    'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1.',
                  headers: { 'retry-after': '3600' },
                },
              }
            : { text: 'Greeting' },
      });
      const spawned = await sessions.spawn({ provider: 'opencode', task: 'Say hello.', repo });
      const id = spawned.session.id;
      const limited = await sessions.observe({
        sessionId: id,
        waitFor: ['limit_reached', 'completed', 'idle', 'error'],
        timeoutMs: 120_000,
      });
      expect(limited.evaluated.evaluation.state).toBe('limit_reached');
      await sessions.terminate(id);
      expectNothingLeftRunning(id, cliHome);
    },
    300_000,
  );
});
