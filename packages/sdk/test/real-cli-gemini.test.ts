import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GEMINI_DAILY_QUOTA_ERROR,
  prepareGeminiHome,
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
  lastHookAt,
  type PoolSessions,
  SECOND_TURN_ANSWER,
  SECOND_TURN_QUESTION,
  useRealCliPool,
} from './real-cli-harness.js';

/**
 * The real Gemini CLI through agentpool against the model imitation's Gemini API (on 127.0.0.1,
 * through GOOGLE_GEMINI_BASE_URL): a shell command approved on the CLI's own approval dialog, two
 * turns to `completed` with the exact result blocks, a spent quota read as `limit_reached`, and
 * nothing of the CLI left running after terminate. Skips when gemini is not installed unless
 * AGENTPOOL_REQUIRE_REAL_CLIS=1.
 */

const MODEL = 'gemini-2.5-flash';
const SCRATCH = 'touch scratch.txt && rm -f scratch.txt';
const FIRST = `Cleaned up the scratch file.\n\n${resultBlock('removed the scratch file', 'the command ran')}`;

// Approving a tool is a key press on the CLI's own dialog.
const start = useRealCliPool({
  prepareHome: prepareGeminiHome,
  cliHomeName: 'cli-home',
  allowRawKeys: true,
  tempPrefix: 'ap-gem-',
});

/** What the worker showed and why agentpool read it so: the message of a failed expectation. */
async function explain(sessions: PoolSessions, id: string, observed: { evaluated: { evaluation: unknown } }): Promise<string> {
  const transcript = await sessions.transcript({ sessionId: id, tailLines: 60 });
  const events = (await sessions.events(id)).map((event) => JSON.stringify(event)).join('\n');
  return `${JSON.stringify(observed.evaluated.evaluation)}\n${events}\n${transcript.text}`;
}

describe('the real gemini through agentpool', () => {
  const binary = realCliBinary('gemini');
  const run = binary || realClisRequired() ? it : it.skip;
  const version = `${REAL_CLI_VERSIONS.gemini.package}@${REAL_CLI_VERSIONS.gemini.version}`;

  run(
    `working, a shell command approved on its own dialog, completed with the block, a second turn, then nothing left running (${version})`,
    async () => {
      expect(binary, `gemini is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { repo, home, cliHome, sessions, imitation } = await start({
        firstTokenDelayMs: 2500,
        reply: (request) => {
          // Requests without tools are the CLI's own (routing, titles): a short JSON answer does for them.
          if (!request.hasTools) return { text: '{"complexity_reasoning":"simple","complexity_score":10}' };
          if (request.lastUserText.includes('Second turn')) return { text: SECOND_TURN_ANSWER };
          if (request.hasToolResult) return { text: FIRST };
          return { toolCall: { name: 'run_shell_command', input: { command: SCRATCH, description: 'Remove the scratch file' } } };
        },
      });

      const spawned = await sessions.spawn({
        provider: 'gemini-cli',
        task: 'Clean up the scratch file.',
        repo,
        model: MODEL,
        isolation: 'shared',
      });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const working = await sessions.observe({ sessionId: id, waitFor: ['working'], timeoutMs: 60_000 });
      expect(working.evaluated.evaluation.state).toBe('working');

      const asked = await sessions.observe({
        sessionId: id,
        waitFor: ['approval_prompt', 'completed', 'idle', 'error', 'question', 'limit_reached'],
        timeoutMs: 90_000,
      });
      expect(asked.evaluated.evaluation.state, await explain(sessions, id, asked)).toBe('approval_prompt');
      // "● 1. Allow once" is chosen: Enter runs the command once.
      await sessions.keys({ sessionId: id, keys: ['Enter'] });

      const first = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error', 'limit_reached'], timeoutMs: 90_000 });
      const firstAt = Date.now();
      expect(first.evaluated.evaluation.state, await explain(sessions, id, first)).toBe('completed');
      const finished = lastHookAt(home, id, 'gemini-hooks.jsonl', 'AfterAgent');
      // How long after the hook fired observe returned (the screen may have told first): reported, not asserted.
      console.log(`gemini: observe returned ${finished === null ? '?' : firstAt - finished} ms after the AfterAgent hook fired`);
      await expectFirstTurnCollected(sessions, id, 'removed the scratch file', 'the command ran');
      const toolResult = imitation.requests.find((request) => request.hasToolResult);
      expect(toolResult?.toolResultText).toContain('Output: (empty)');

      await sessions.send({ sessionId: id, text: SECOND_TURN_QUESTION });
      const second = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error', 'limit_reached'], timeoutMs: 90_000 });
      expect(second.evaluated.evaluation.state, await explain(sessions, id, second)).toBe('completed');
      expect(second.evaluated.session.turnCount).toBe(2);
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('answered the follow-up');
      expect((await sessions.collect({ sessionId: id, turn: 1 })).result?.sections.Summary).toBe('removed the scratch file');

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      // Nothing left: not the CLI (it carries the session id), not the child it relaunches itself as (it carries its HOME).
      expectNothingLeftRunning(id, cliHome);
      // The user's own settings never got agentpool's hooks: the worker had a home of its own.
      expect(readFileSync(join(cliHome, '.gemini', 'settings.json'), 'utf8')).not.toContain('agentpool-signal');
    },
    300_000,
  );

  run(
    `a spent quota (HTTP 429 RESOURCE_EXHAUSTED) reads as limit_reached (${version})`,
    async () => {
      expect(binary, `gemini is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { repo, cliHome, sessions } = await start({
        reply: (request) =>
          request.hasTools ? { error: GEMINI_DAILY_QUOTA_ERROR } : { text: '{"complexity_reasoning":"simple","complexity_score":10}' },
      });
      const spawned = await sessions.spawn({ provider: 'gemini-cli', task: 'Say hello.', repo, model: MODEL });
      const id = spawned.session.id;
      const limited = await sessions.observe({
        sessionId: id,
        waitFor: ['limit_reached', 'completed', 'idle', 'error'],
        timeoutMs: 90_000,
      });
      expect(limited.evaluated.evaluation.state, await explain(sessions, id, limited)).toBe('limit_reached');
      expect(limited.evaluated.evaluation.evidence.join('\n')).toContain('Usage limit reached for gemini-2.5-flash.');
      await sessions.terminate(id);
      expectNothingLeftRunning(id, cliHome);
    },
    240_000,
  );
});
