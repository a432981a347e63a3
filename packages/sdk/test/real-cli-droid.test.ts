import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DROID_IMITATION_MODEL,
  prepareDroidHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realCliDir,
  realClisRequired,
  resultBlock,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { expectNothingLeftRunning, SECOND_TURN_ANSWER, SECOND_TURN_QUESTION, useRealCliPool } from './real-cli-harness.js';

/**
 * The real Factory Droid TUI through agentpool, in airgap mode against the model imitation on
 * 127.0.0.1 (prepareDroidHome): its real approval prompt for a shell command, approved with `send`;
 * two turns to `completed` with the exact result blocks collected; a 429 on every retry read as
 * `limit_reached`; nothing of it left running after terminate. CI installs it
 * (scripts/install-real-clis.sh) and sets AGENTPOOL_REQUIRE_REAL_CLIS=1: there a missing CLI fails.
 */

const FIRST = `Cleaned up the scratch file.\n\n${resultBlock('removed the scratch file', 'nothing else to clean')}`;
const SCRATCH = 'touch x && rm -f x';

const { package: droidPackage, version } = REAL_CLI_VERSIONS.droid;
const binary = realCliBinary('droid');
const run = binary || realClisRequired() ? it : it.skip;
const startPool = useRealCliPool({
  prepareHome: prepareDroidHome,
  cliHomeName: 'droid-home',
  binDir: dirname(binary ?? '/nonexistent/droid'),
});

describe(`the real droid through agentpool (${droidPackage}@${version}${binary ? '' : `: skipped, not installed in ${realCliDir()} — run scripts/install-real-clis.sh`})`, () => {
  run(
    'approval prompt → approved → completed with the block → second turn → a 429 read as limit_reached → terminate leaves nothing running',
    async () => {
      expect(binary, `droid is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      const { repo, cliHome, sessions, imitation } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Scratch work' };
          if (request.lastUserText.includes('rate limit')) {
            return { error: { status: 429, type: 'rate_limit_exceeded', message: 'Rate limit reached for requests' } };
          }
          if (request.lastUserText.includes('Second turn')) return { text: SECOND_TURN_ANSWER };
          if (request.hasToolResult) return { text: FIRST };
          if (request.lastUserText.includes('Clean up')) {
            return {
              toolCall: {
                name: 'Execute',
                input: { command: SCRATCH, riskLevel: 'medium', riskLevelReason: 'creates and removes a file' },
              },
            };
          }
          return { text: 'ok' };
        },
      });

      const spawned = await sessions.spawn({
        provider: 'droid-cli',
        task: 'Clean up the scratch file and report.',
        repo,
        // Shared: low autonomy, where a medium-risk command asks first (read_only runs Droid in spec mode).
        isolation: 'shared',
        model: DROID_IMITATION_MODEL,
      });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const asking = await sessions.observe({
        sessionId: id,
        waitFor: ['approval_prompt', 'completed', 'idle', 'error', 'question', 'limit_reached'],
        timeoutMs: 90_000,
      });
      expect(asking.evaluated.evaluation.state).toBe('approval_prompt');
      // Droid's Notification hook (permission_prompt) says so before the screen does.
      expect(asking.evaluated.evaluation.evidence).toEqual(['hooks: needs_input']);

      // Enter answers "Yes, allow" (the selected choice).
      await sessions.send({ sessionId: id, text: '' });
      const first = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error', 'limit_reached'], timeoutMs: 90_000 });
      expect(first.evaluated.evaluation.state).toBe('completed');
      const collectedFirst = await sessions.collect({ sessionId: id });
      expect(collectedFirst.result?.sections).toEqual({
        Summary: 'removed the scratch file',
        Findings: 'nothing else to clean',
        'Files changed': 'none',
        Blockers: 'none',
      });
      // The model was pinned through the worker's own runtime settings.
      expect(imitation.requests.filter((request) => request.hasTools).every((request) => request.model === 'imitation-model')).toBe(true);

      await sessions.send({ sessionId: id, text: SECOND_TURN_QUESTION });
      const second = await sessions.observe({ sessionId: id, waitFor: ['completed', 'idle', 'error'], timeoutMs: 90_000 });
      expect(second.evaluated.evaluation.state).toBe('completed');
      // The approval was a turn of its own (what the caller sent: Enter); this message is the third.
      expect(second.evaluated.session.turnCount).toBe(3);
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('answered the follow-up');
      expect((await sessions.collect({ sessionId: id, turn: 2 })).result?.sections.Summary).toBe('removed the scratch file');

      await sessions.send({ sessionId: id, text: 'Third turn: say hello, if the rate limit allows.' });
      const limited = await sessions.observe({
        sessionId: id,
        waitFor: ['limit_reached', 'completed', 'idle', 'error'],
        timeoutMs: 90_000,
      });
      expect(limited.evaluated.evaluation.state).toBe('limit_reached');

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      // Nothing of the worker's is left: not its processes (they carry the session id), not the agent process droid starts (it carries its HOME).
      expectNothingLeftRunning(id, cliHome);
    },
    300_000,
  );
  run(
    'read_only in a folder never trusted: --accept-startup-trust answers the trust prompt, Droid works in its spec mode, completed with the block',
    async () => {
      expect(binary, `droid is not installed in ${realCliDir()}: run scripts/install-real-clis.sh`).not.toBeNull();
      // No folder trusted: Droid asks first.
      const { repo, cliHome, sessions, imitation } = await startPool(
        { reply: (request) => (request.hasTools ? { text: SECOND_TURN_ANSWER } : { text: 'Scratch work' }) },
        false,
      );
      const spawned = await sessions.spawn({
        provider: 'droid-cli',
        task: SECOND_TURN_QUESTION,
        repo,
        isolation: 'read_only',
        acceptStartupTrust: true,
      });
      const id = spawned.session.id;
      const done = await sessions.observe({
        sessionId: id,
        waitFor: ['completed', 'idle', 'error', 'question', 'approval_prompt', 'startup_prompt'],
        timeoutMs: 90_000,
      });
      expect(done.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('answered the follow-up');
      // Droid's own spec mode was on: it tells the model so with every request.
      const asked = imitation.requests.filter((request) => request.hasTools);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked.every((request) => JSON.stringify(request.body).includes('Spec mode is active'))).toBe(true);
      // Trusted by Droid itself, in the throwaway home.
      expect(readFileSync(join(cliHome, '.factory', 'settings.json'), 'utf8')).toContain(JSON.stringify(repo));
      expect((await sessions.terminate(id)).state).toBe('cancelled');
      expect(processesWithEnv('HOME', cliHome)).toEqual([]);
    },
    300_000,
  );
});
