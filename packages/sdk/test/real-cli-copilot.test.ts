import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareCopilotHome, REAL_CLI_VERSIONS, realCliBinary, realCliDir, realClisRequired, resultBlock } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import {
  expectFirstTurnCollected,
  expectNothingLeftRunning,
  expectSecondTurnAnswered,
  lastHookAt,
  SECOND_TURN_ANSWER,
  useRealCliPool,
} from './real-cli-harness.js';

/**
 * The real GitHub Copilot CLI through agentpool against the model imitation on 127.0.0.1 (a custom
 * OpenAI provider: no GitHub login): its real approval prompt for a shell command, approved with a
 * key, the turn completed with its result block, a second turn, terminate with nothing left
 * running; and a model call refused with the API's rate-limit error read as `limit_reached`. CI
 * installs the CLI (scripts/install-real-clis.sh) and sets AGENTPOOL_REQUIRE_REAL_CLIS=1, so there a
 * missing CLI fails instead of skipping.
 */

const SCRATCH = 'touch scratch.txt && rm -f scratch.txt';
const FIRST = `Cleaned up the scratch file.\n\n${resultBlock('removed the scratch file', 'nothing else to clean')}`;
const LIMIT_MESSAGE =
  'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.';

const startPool = useRealCliPool({
  prepareHome: prepareCopilotHome,
  cliHomeName: 'copilot-home',
  allowRawKeys: true,
});
const hookFiredAt = (home: string, sessionId: string, event: string) => lastHookAt(home, sessionId, 'copilot-hooks.jsonl', event);

describe('the real GitHub Copilot CLI through agentpool', () => {
  const binary = realCliBinary('copilot');
  const run = binary || realClisRequired() ? it : it.skip;
  const version = `${REAL_CLI_VERSIONS.copilot.package}@${REAL_CLI_VERSIONS.copilot.version}`;
  const missing = `copilot is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`;

  run(
    `working, its approval prompt for a shell command, approved, completed with the block, a second turn, nothing left running (${version})`,
    async () => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        home,
        cliHome: copilotHome,
        imitation: model,
      } = await startPool({
        firstTokenDelayMs: 1500,
        reply: (request) => {
          if (!request.hasTools) return { text: 'Scratch work' };
          if (request.lastUserText.includes('Second turn')) return { text: SECOND_TURN_ANSWER };
          if (request.hasToolResult) return { text: FIRST };
          return { toolCall: { name: 'bash', input: { command: SCRATCH, description: 'Remove the scratch file' } } };
        },
      });

      // Shared, not the read_only default: in plan mode Copilot itself blocks the command ("✗ Shell … was blocked").
      const spawned = await sessions.spawn({
        provider: 'copilot-cli',
        task: 'Clean up the scratch file and report.',
        repo,
        isolation: 'shared',
      });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const busy = await sessions.observe({ sessionId: id, waitFor: ['working', 'approval_prompt', 'error'], timeoutMs: 90_000 });
      expect(['working', 'approval_prompt']).toContain(busy.evaluated.evaluation.state);
      const asked = await sessions.observe({
        sessionId: id,
        waitFor: ['approval_prompt', 'completed', 'idle', 'error', 'question'],
        timeoutMs: 90_000,
      });
      const askedAt = Date.now();
      if (asked.evaluated.evaluation.state !== 'approval_prompt') {
        console.info(JSON.stringify(busy.evaluated.evaluation), JSON.stringify(asked.evaluated.evaluation));
        console.info((await sessions.transcript({ sessionId: id, tailLines: 80 })).text);
      }
      expect(asked.evaluated.evaluation.state).toBe('approval_prompt');
      const notified = hookFiredAt(home, id, 'Notification');
      if (notified) console.info(`approval: the Notification hook fired ${askedAt - notified} ms before observe returned`);

      // "❯ 1. Yes" is selected: Enter runs the command once.
      await sessions.keys({ sessionId: id, keys: ['Enter'] });
      // Not waiting for approval_prompt: right after the key the screen may still show the dialog.
      const first = await sessions.observe({
        sessionId: id,
        waitFor: ['completed', 'idle', 'error'],
        timeoutMs: 90_000,
      });
      const firstAt = Date.now();
      expect(first.evaluated.evaluation.state).toBe('completed');
      const stopped = hookFiredAt(home, id, 'Stop');
      if (stopped) console.info(`turn 1: the Stop hook fired ${firstAt - stopped} ms before observe returned`);
      await expectFirstTurnCollected(sessions, id, 'removed the scratch file', 'nothing else to clean');
      // The command ran after the approval: its tool result went back to the model.
      expect(model.requests.some((request) => request.hasToolResult)).toBe(true);

      await expectSecondTurnAnswered(sessions, id);
      expect((await sessions.collect({ sessionId: id, turn: 1 })).result?.sections.Summary).toBe('removed the scratch file');

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      expectNothingLeftRunning(id, copilotHome);
    },
    300_000,
  );

  run(
    `a model call refused with the API's 429 rate-limit error reads as limit_reached (${version})`,
    async () => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        cliHome: copilotHome,
      } = await startPool({
        reply: (request) =>
          request.hasTools
            ? {
                error: {
                  status: 429,
                  type: 'requests',
                  code: 'rate_limit_exceeded',
                  message: LIMIT_MESSAGE,
                  // Not retried: Copilot shows the failure at once (without it, it retries quietly five times).
                  headers: { 'retry-after': '3600' },
                },
              }
            : { text: 'Scratch work' },
      });
      const spawned = await sessions.spawn({ provider: 'copilot-cli', task: 'Say hello and report.', repo });
      const id = spawned.session.id;
      const limited = await sessions.observe({
        sessionId: id,
        waitFor: ['limit_reached', 'completed', 'idle', 'error'],
        timeoutMs: 90_000,
      });
      expect(limited.evaluated.evaluation.state).toBe('limit_reached');
      await sessions.terminate(id);
      expectNothingLeftRunning(id, copilotHome);
    },
    180_000,
  );

  run(
    `a 429 without retry-after, which Copilot retries quietly (its screen says Working), reads as limit_reached (${version})`,
    async () => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        cliHome: copilotHome,
      } = await startPool({
        reply: (request) =>
          request.hasTools
            ? { error: { status: 429, type: 'requests', code: 'rate_limit_exceeded', message: LIMIT_MESSAGE } }
            : { text: 'Scratch work' },
      });
      const spawned = await sessions.spawn({ provider: 'copilot-cli', task: 'Say hello and report.', repo });
      const id = spawned.session.id;
      // The first retry comes after a few seconds, the last after about a minute: the limit must be seen long before.
      const limited = await sessions.observe({
        sessionId: id,
        waitFor: ['limit_reached', 'completed', 'idle', 'error'],
        timeoutMs: 30_000,
      });
      expect(limited.evaluated.evaluation.state).toBe('limit_reached');
      expect(limited.evaluated.evaluation.source).toBe('signal');
      await sessions.terminate(id);
      expectNothingLeftRunning(id, copilotHome);
    },
    120_000,
  );

  run(
    `read_only runs in Copilot's plan mode: Copilot itself blocks a command that writes, and the turn completes (${version})`,
    async () => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        cliHome: copilotHome,
        imitation: model,
      } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Scratch work' };
          if (request.hasToolResult) return { text: FIRST };
          return { toolCall: { name: 'bash', input: { command: 'touch written.txt', description: 'Write a file' } } };
        },
      });
      const spawned = await sessions.spawn({ provider: 'copilot-cli', task: 'Write a file and report.', repo, isolation: 'read_only' });
      const id = spawned.session.id;
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error', 'approval_prompt'], timeoutMs: 90_000 });
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect(existsSync(join(repo, 'written.txt'))).toBe(false);
      const transcript = await sessions.transcript({ sessionId: id, tailLines: 200 });
      expect(transcript.text).toMatch(/Plan mode does not permit changes/);
      expect(model.requests.some((request) => request.hasToolResult)).toBe(true);
      await sessions.terminate(id);
      expectNothingLeftRunning(id, copilotHome);
    },
    180_000,
  );

  run(
    `its ask_user form reads as question; answered with Enter (the first choice), the turn completes (${version})`,
    async () => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        cliHome: copilotHome,
        imitation: model,
      } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Scratch work' };
          if (request.hasToolResult) return { text: FIRST };
          return {
            toolCall: {
              name: 'ask_user',
              input: {
                message: 'Which scratch file should I remove?',
                requestedSchema: { properties: { file: { type: 'string', title: 'File', enum: ['x.txt', 'y.txt'] } }, required: ['file'] },
              },
            },
          };
        },
      });
      const spawned = await sessions.spawn({
        provider: 'copilot-cli',
        task: 'Clean up a scratch file and report.',
        repo,
        isolation: 'shared',
      });
      const id = spawned.session.id;
      const asked = await sessions.observe({ sessionId: id, waitFor: ['question', 'completed', 'idle', 'error'], timeoutMs: 90_000 });
      expect(asked.evaluated.evaluation.state).toBe('question');
      await sessions.keys({ sessionId: id, keys: ['Enter'] });
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error'], timeoutMs: 90_000 });
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect(model.requests.some((request) => request.hasToolResult)).toBe(true);
      await sessions.terminate(id);
      expectNothingLeftRunning(id, copilotHome);
    },
    180_000,
  );

  run.each([
    { what: 'in a folder never trusted, the task pasted: the trust prompt answered with its keys', promptMode: undefined, trusted: false },
    { what: 'the task as an argument (-i)', promptMode: 'arg' as const, trusted: true },
    // Given its task as an argument, Copilot draws (and reads as working) before it asks about the folder.
    {
      what: 'the task as an argument (-i), in a folder never trusted: the trust prompt answered',
      promptMode: 'arg' as const,
      trusted: false,
    },
  ])(
    `$what, with a model: the turn completed (${version})`,
    async ({ promptMode, trusted }) => {
      expect(binary, missing).not.toBeNull();
      const {
        repo,
        sessions,
        cliHome: copilotHome,
        imitation: model,
      } = await startPool({ reply: (request) => (request.hasTools ? { text: FIRST } : { text: 'Scratch work' }) }, trusted);
      const spawned = await sessions.spawn({
        provider: 'copilot-cli',
        task: 'Clean up the scratch file and report.',
        repo,
        promptMode,
        model: 'gpt-4o',
        acceptStartupTrust: !trusted,
      });
      const id = spawned.session.id;
      const done = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error', 'startup_prompt'], timeoutMs: 90_000 });
      if (done.evaluated.evaluation.state !== 'completed') {
        console.info(JSON.stringify(done.evaluated.evaluation));
        console.info((await sessions.transcript({ sessionId: id, tailLines: 60 })).text);
      }
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('removed the scratch file');
      expect(model.requests.some((request) => request.model === 'gpt-4o')).toBe(true);
      if (!trusted) {
        expect((await sessions.events(id)).some((event) => event.type === 'startup_prompt_answered')).toBe(true);
        // "1. Yes" trusts the folder for this session only: nothing is remembered in Copilot's config.
        expect(readFileSync(join(copilotHome, '.copilot', 'config.json'), 'utf8')).not.toContain(repo);
      }
      await sessions.terminate(id);
      expectNothingLeftRunning(id, copilotHome);
    },
    180_000,
  );
});
