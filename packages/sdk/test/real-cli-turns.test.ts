import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import {
  type ImitationReply,
  prepareClaudeHome,
  prepareCodexHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  type RealCli,
  realCliBinary,
  realClisRequired,
  resultBlock,
} from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { type PoolSessions, type RealCliPoolSettings, signalRecords, useRealCliPool } from './real-cli-harness.js';

/**
 * The real Claude Code and Codex TUIs through agentpool against the model imitation: model and
 * reasoning options reaching the API, the folder-trust prompt answered (or reported), a real
 * approval prompt approved with a key, a second turn, a question turn, and a usage limit. Timings
 * (model reply or hook record → observe returning) are printed for the report.
 */

const block = (summary: string) => resultBlock(summary, 'none');
const QUESTION = 'Should I edit README.md or NOTES.md?';

/**
 * What is left of a worker's processes after up to 5 s (their command lines, for the failure
 * message). Claude Code may have a `ps -A` of its own in flight when it is ended; that one exits by itself.
 */
async function describeLeft(name: string, value: string): Promise<string[]> {
  for (let waited = 0; waited < 5000 && processesWithEnv(name, value).length > 0; waited += 250)
    await new Promise((resolve) => setTimeout(resolve, 250));
  return processesWithEnv(name, value).map((pid) => {
    try {
      return `${pid} ${readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').slice(0, 160)}`;
    } catch {
      return `${pid} (gone)`;
    }
  });
}

interface Case {
  readonly cli: RealCli;
  readonly provider: string;
  readonly approvalCall: ImitationReply;
  readonly limit: ImitationReply;
  readonly options: { model: string; reasoningEffort: string; serviceTier?: string };
}

const RESET_AT = Math.floor(Date.now() / 1000) + 3 * 3600;

const CASES: readonly Case[] = [
  {
    cli: 'claude-code',
    provider: 'claude-code',
    approvalCall: { toolCall: { name: 'Bash', input: { command: 'touch x && rm -f x', description: 'Clean up the scratch file' } } },
    limit: {
      error: {
        status: 429,
        type: 'rate_limit_error',
        message: "This request would exceed your account's rate limit. Please try again later.",
        headers: { 'x-should-retry': 'false', 'anthropic-ratelimit-unified-reset': String(RESET_AT) },
      },
    },
    options: { model: 'sonnet', reasoningEffort: 'low' },
  },
  {
    cli: 'codex',
    provider: 'codex-cli',
    approvalCall: {
      toolCall: {
        name: 'exec_command',
        input: { cmd: 'touch x && rm -f x', sandbox_permissions: 'require_escalated', justification: 'Clean up the scratch file' },
      },
    },
    limit: {
      error: {
        status: 429,
        type: 'usage_limit_reached',
        message: 'The usage limit has been reached',
        headers: { 'x-should-retry': 'false' },
        fields: { plan_type: 'plus', resets_at: RESET_AT, resets_in_seconds: 3 * 3600 },
      },
    },
    // gpt-6.1-sol: Codex offers no newer model for it at start-up (it does for gpt-5.5).
    options: { model: 'gpt-6.1-sol', reasoningEffort: 'xhigh', serviceTier: 'flex' },
  },
];

/** A pool for `cli` in which keys may be sent (approving a prompt takes one). */
const poolSettings = (cli: RealCli): RealCliPoolSettings => ({
  prepareHome: cli === 'claude-code' ? prepareClaudeHome : prepareCodexHome,
  cliHomeName: 'cli-home',
  allowRawKeys: true,
});

const ALL_WAIT = ['completed', 'idle', 'error', 'question', 'approval_prompt', 'limit_reached', 'startup_prompt', 'auth_required'] as const;

/**
 * Waits for the first turn's outcome, and fails if the pasted task was left unsent in the CLI's input
 * box ("[Pasted text #1 …]", state idle): the submit key must follow the paste only once the CLI has
 * taken the paste in, which a fixed 40 ms pause did not ensure on a loaded machine.
 */
async function firstTurn(sessions: PoolSessions, id: string) {
  const seen = await sessions.observe({ sessionId: id, waitFor: [...ALL_WAIT], timeoutMs: 90_000 });
  const unsent = (await sessions.transcript({ sessionId: id, tailLines: 20 })).text.includes('[Pasted text #1');
  expect({
    state: seen.evaluated.evaluation.state,
    taskLeftInTheInputBox: unsent && seen.evaluated.evaluation.state === 'idle',
  }).not.toMatchObject({
    taskLeftInTheInputBox: true,
  });
  return seen;
}

describe.each(CASES)('the real $cli through agentpool: trust, options, approval, question, limit', (testCase) => {
  const { cli, provider } = testCase;
  const binary = realCliBinary(cli);
  const run = binary || realClisRequired() ? it : it.skip;
  const version = `${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version}`;
  const startPool = useRealCliPool(poolSettings(cli));

  run(
    `--accept-startup-trust answers the real trust prompt, and model/effort/tier reach the API (${version})`,
    async () => {
      const { repo, cliHome, sessions, imitation } = await startPool({ reply: () => ({ text: `Done.\n\n${block('trusted')}` }) }, false);
      const spawned = await sessions.spawn({ provider, task: 'Say done.', repo, acceptStartupTrust: true, ...testCase.options });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const done = await firstTurn(sessions, id);
      if (done.evaluated.evaluation.state !== 'completed') {
        console.log(
          (await sessions.transcript({ sessionId: id, tailLines: 60 })).text,
          JSON.stringify(imitation.requests.map((r) => [r.path, r.hasTools, r.lastUserText.slice(0, 80)])),
        );
        console.log(
          JSON.stringify((await sessions.events(id)).map((event) => [event.type, event.state, JSON.stringify(event.data).slice(0, 200)])),
        );
      }
      expect(done.evaluated.evaluation.state).toBe('completed');
      const events = await sessions.events(id);
      expect(events.map((event) => event.type)).toContain('startup_prompt_answered');
      // The turn's call (Codex sends gpt-6.1-sol calls without a tools list through this provider).
      const requests = imitation.requests;
      const call = requests.find((request) => request.hasTools) ?? requests.find((request) => request.lastUserText.includes('Say done.'));
      if (cli === 'claude-code') {
        expect(call?.model).toBe('claude-sonnet-5');
        expect(call?.body.output_config).toEqual({ effort: 'low' });
      } else {
        expect(call?.model).toBe('gpt-6.1-sol');
        expect(call?.body.reasoning).toMatchObject({ effort: 'xhigh' });
        expect(call?.body.service_tier).toBe('flex');
      }
      await sessions.terminate(id);
      expect(await describeLeft('HOME', cliHome)).toEqual([]);
    },
    180_000,
  );

  run(
    `without --accept-startup-trust the session reports startup_prompt with the prompt's text (${version})`,
    async () => {
      const { repo, cliHome, sessions, imitation } = await startPool({ reply: () => ({ text: 'unused' }) }, false);
      const spawned = await sessions.spawn({ provider, task: 'Say done.', repo });
      const id = spawned.session.id;
      expect(spawned.warnings.join('\n')).toMatch(/startup_prompt/);
      const seen = await sessions.observe({ sessionId: id, waitFor: ['startup_prompt'], timeoutMs: 30_000 });
      expect(seen.evaluated.evaluation.state).toBe('startup_prompt');
      expect(seen.evaluated.evaluation.evidence.join('\n')).toMatch(/trust/i);
      expect(imitation.requests.filter((request) => request.hasTools)).toEqual([]);
      await sessions.terminate(id);
      expect(await describeLeft('HOME', cliHome)).toEqual([]);
    },
    120_000,
  );

  run(
    `approval → keys approve → completed → second turn → question turn → limit, then nothing left running (${version})`,
    async () => {
      let phase: 'approval' | 'second' | 'question' | 'limit' = 'approval';
      const replied: Record<string, number> = {};
      const { repo, cliHome, sessions, home } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Title' };
          if (phase === 'approval') {
            if (request.hasToolResult) {
              replied.approval = Date.now();
              return { text: `Cleaned up.\n\n${block('removed the scratch file')}` };
            }
            return testCase.approvalCall;
          }
          replied[phase] = Date.now();
          if (phase === 'second') return { text: `Second turn.\n\n${block('answered the follow-up')}` };
          if (phase === 'question') return { text: QUESTION };
          return testCase.limit;
        },
        // The unified rate-limit headers a subscriber's responses carry (Claude Code reads them).
        headers:
          cli === 'claude-code'
            ? {
                'anthropic-ratelimit-unified-status': 'allowed',
                'anthropic-ratelimit-unified-5h-utilization': '0.42',
                'anthropic-ratelimit-unified-5h-reset': String(RESET_AT),
                'anthropic-ratelimit-unified-7d-utilization': '0.07',
                'anthropic-ratelimit-unified-7d-reset': String(RESET_AT + 86_400),
              }
            : {},
      });
      const spawned = await sessions.spawn({ provider, task: 'Clean up the scratch file, then report.', repo, isolation: 'shared' });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      const timings: Record<string, number> = {};
      const returned: Record<string, number> = {};
      /** Waits for the turn of `ended` to end, and times it from the imitation's reply to observe returning. */
      const turnEnd = async (ended: typeof phase) => {
        const seen = await sessions.observe({
          sessionId: id,
          waitFor: ['completed', 'idle', 'error', 'question', 'limit_reached'],
          timeoutMs: 90_000,
        });
        returned[ended] = Date.now();
        timings[ended] = returned[ended] - (replied[ended] ?? 0);
        return seen;
      };
      const nextTurn = async (next: typeof phase, text: string) => {
        phase = next;
        await sessions.send({ sessionId: id, text });
        return turnEnd(next);
      };

      const approval = await firstTurn(sessions, id);
      expect(approval.evaluated.evaluation.state).toBe('approval_prompt');
      await sessions.keys({ sessionId: id, keys: ['Enter'] });
      const first = await turnEnd('approval');
      expect(first.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('removed the scratch file');

      const second = await nextTurn('second', 'Second turn: anything else?');
      expect(second.evaluated.evaluation.state).toBe('completed');
      expect((await sessions.collect({ sessionId: id })).result?.sections.Summary).toBe('answered the follow-up');

      const question = await nextTurn('question', 'Question turn: edit one of the files.');
      const questionState = question.evaluated.evaluation.state;
      // A plain-text question that ends the turn: the Stop hook / notify carries it as the last message.
      expect(questionState).toBe('question');

      const limit = await nextTurn('limit', 'Limit turn: go on.');
      expect(limit.evaluated.evaluation.state).toBe('limit_reached');
      // Claude Code's StopFailure hook (error: rate_limit) follows the screen's banner by a moment; then the signal decides.
      let limitAfterHook: { state: string; source: string | undefined } | null = null;
      if (cli === 'claude-code') {
        const failed = () =>
          signalRecords(home, id).some(
            (record) => record.payload.hook_event_name === 'StopFailure' && record.payload.error === 'rate_limit',
          );
        for (let waited = 0; waited < 5000 && !failed(); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
        expect(failed()).toBe(true);
        const shown = await sessions.show(id);
        limitAfterHook = { state: shown.evaluation.state, source: (shown.evaluation as { source?: string }).source };
        expect(limitAfterHook.state).toBe('limit_reached');
      }
      const transcript = await sessions.transcript({ sessionId: id, tailLines: 60 });
      const limitLines = transcript.text
        .split('\n')
        .filter((line) => /limit|reset|try again/i.test(line))
        .map((line) => line.trim());

      const statusRecords = signalRecords(home, id).filter(
        (record) => 'context_window' in record.payload || 'rate_limits' in record.payload,
      );
      const statusLine = {
        records: statusRecords.length,
        rate_limits: statusRecords.map((record) => record.payload.rate_limits ?? null).at(-1) ?? null,
      };
      // From the last turn-ending hook / notify record before each observe returned, to that return.
      const endings = signalRecords(home, id).filter((record) =>
        ['Stop', 'StopFailure', 'agent-turn-complete'].includes(String(record.payload.hook_event_name ?? record.payload.type)),
      );
      const signalToObserve = Object.fromEntries(
        Object.entries(returned).map(([phase, at]) => {
          const last = endings.filter((record) => record.at <= at).at(-1);
          return [phase, last && last.at >= (replied[phase] ?? 0) ? at - last.at : null];
        }),
      );
      const signals = signalRecords(home, id).map((record) => ({
        at: record.at,
        event: String(record.payload.hook_event_name ?? record.payload.type ?? '?'),
      }));
      console.log(
        JSON.stringify({
          cli,
          timings_ms_reply_to_observe: timings,
          signal_record_to_observe_ms: signalToObserve,
          question_state: questionState,
          limit_after_hook: limitAfterHook,
          statusLine,
          limit: limit.evaluated.evaluation,
          limitLines,
          signals,
        }),
      );

      const ended = await sessions.terminate(id);
      expect(ended.state).toBe('cancelled');
      expect(processesWithEnv('AGENTPOOL_SESSION_ID', id)).toEqual([]);
      expect(await describeLeft('HOME', cliHome)).toEqual([]);
    },
    300_000,
  );
});

const COMMIT =
  'git add -A && git -c user.name=worker -c user.email=worker@example.invalid commit -q -m "worker commit" && git log -1 --format=%s';

describe.each(CASES)('the real $cli commits in its worktree through agentpool', ({ cli, provider }) => {
  const binary = realCliBinary(cli);
  const run = binary || realClisRequired() ? it : it.skip;
  const startPool = useRealCliPool(poolSettings(cli));
  run(
    `worktree isolation: a tool call running git commit lands on the worktree's branch (${REAL_CLI_VERSIONS[cli].package}@${REAL_CLI_VERSIONS[cli].version})`,
    async () => {
      const { repo, cliHome, sessions, imitation } = await startPool({
        reply: (request) => {
          if (!request.hasTools) return { text: 'Title' };
          if (request.hasToolResult) return { text: `Committed: ${request.toolResultText.trim().slice(0, 80)}\n\n${block('committed')}` };
          return cli === 'claude-code'
            ? { toolCall: { name: 'Bash', input: { command: `echo change > NOTES.md && ${COMMIT}`, description: 'Commit the change' } } }
            : // Inside Codex's workspace-write sandbox (no escalation asked): the commit must be able to write the main .git.
              { toolCall: { name: 'exec_command', input: { cmd: `echo change > NOTES.md && ${COMMIT}` } } };
        },
      });
      const spawned = await sessions.spawn({ provider, task: 'Commit a note.', repo, isolation: 'worktree', acceptStartupTrust: true });
      const id = spawned.session.id;
      expect(spawned.warnings).toEqual([]);
      let seen = await firstTurn(sessions, id);
      // Claude Code asks before running git; Codex runs it in its sandbox without asking.
      if (seen.evaluated.evaluation.state === 'approval_prompt') {
        await sessions.keys({ sessionId: id, keys: ['Enter'] });
        seen = await sessions.observe({
          sessionId: id,
          waitFor: ['completed', 'idle', 'error', 'question', 'approval_prompt'],
          timeoutMs: 90_000,
        });
      }
      expect(seen.evaluated.evaluation.state).toBe('completed');
      const toolOutput = imitation.requests.find((request) => request.hasToolResult)?.toolResultText ?? '';
      expect(toolOutput).toContain('worker commit');
      const branch = execFileSync('git', ['for-each-ref', '--format=%(refname:short) %(subject)', 'refs/heads/agentpool/'], {
        cwd: repo,
        encoding: 'utf8',
      });
      expect(branch).toMatch(/ worker commit$/m);
      await sessions.terminate(id);
      expect(await describeLeft('HOME', cliHome)).toEqual([]);
    },
    180_000,
  );
});
