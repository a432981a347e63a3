import { appendFileSync, readFileSync } from 'node:fs';
import { waitUntil } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { filesOf } from '../src/session-context.js';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('native signals (a fake reporting through hooks exactly as Claude Code documents them)', () => {
  it('a turn completes on the Stop hook, and collect takes the block from the worker’s own final reply', async () => {
    harness = await createHarness();
    const { id, state } = await harness.spawnAndWait('fake-completed-hooks', ['completed', 'idle', 'error']);
    expect(state).toBe('completed');
    const decided = await waitUntil(async () => {
      const shown = await harness?.sessions.show(id);
      return shown?.evaluation.source === 'signal' ? shown.evaluation : null;
    });
    expect(decided.evidence).toContain('hooks: turn_completed');
    const collected = await harness.sessions.collect(id);
    expect(collected.resultSource).toBe('signal');
    expect(collected.result?.sections.Summary).toBe('fake-agent (completed) completed the task in turn 1.');
    // The hook really got JSON on stdin, as Claude Code sends it.
    const records = readFileSync(`${filesOf(harness.sessions.context, id).signalsDir}/fake-hooks.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(JSON.parse(line).payload as string) as { hook_event_name: string; cwd: string });
    expect(records.map((record) => record.hook_event_name)).toEqual(['UserPromptSubmit', 'Stop']);
  });

  it('a permission prompt comes from the Notification hook; answering it is not answered again by the old notification', async () => {
    harness = await createHarness((config) => ({ ...config, policy: { ...config.policy, allow_raw_keys: true } }));
    const { id, state } = await harness.spawnAndWait('fake-approval-hooks', ['approval_prompt', 'completed', 'idle']);
    expect(state).toBe('approval_prompt');
    // The screen shows the prompt a moment before the hook has recorded it; then the hook decides.
    const decided = await waitUntil(async () => {
      const shown = await harness?.sessions.show(id);
      return shown?.evaluation.source === 'signal' ? shown.evaluation : null;
    });
    expect(decided).toMatchObject({ state: 'approval_prompt', evidence: ['hooks: needs_input'] });
    await harness.sessions.keys({ sessionId: id, keys: ['y', 'Enter'] });
    expect(await harness.waitFor(id, ['completed', 'idle', 'error'])).toBe('completed');
  });

  it('keys for a prompt its hook announced before drawing it wait for the prompt, so the answer is not lost', async () => {
    // As Droid's and Gemini CLI's hooks do: the Notification fires 800 ms before the dialog reads keys.
    harness = await createHarness((config) => ({ ...config, policy: { ...config.policy, allow_raw_keys: true } }), undefined, {
      FAKE_AGENT_PROMPT_LEAD_MS: '800',
    });
    const { id, state } = await harness.spawnAndWait('fake-approval-hooks', ['approval_prompt', 'completed', 'idle']);
    expect(state).toBe('approval_prompt');
    const shown = await harness.sessions.show(id);
    expect(shown.evaluation).toMatchObject({ state: 'approval_prompt', source: 'signal' });
    // Answered at once, as an agent that observed approval_prompt would.
    await harness.sessions.keys({ sessionId: id, keys: ['y', 'Enter'] });
    expect(await harness.waitFor(id, ['completed', 'idle', 'error'], 10_000)).toBe('completed');
  });

  it('a usage limit reported by StopFailure is limit_reached', async () => {
    harness = await createHarness();
    const { id, state } = await harness.spawnAndWait('fake-limit-hooks', ['limit_reached', 'idle', 'error']);
    expect(state).toBe('limit_reached');
    const decided = await waitUntil(async () => {
      const shown = await harness?.sessions.show(id);
      return shown?.evaluation.source === 'signal' ? shown.evaluation : null;
    });
    expect(decided).toMatchObject({ state: 'limit_reached', evidence: ['hooks: limit_reached'] });
  });

  it('a waiting observe wakes on a signal that arrives after the last output (the watch covers the signal folder)', async () => {
    // A long quiescence: nothing but the signal can move the session while the test waits.
    harness = await createHarness((config) => ({ ...config, observe: { quiescence_ms: 60_000 } }));
    const { id, state } = await harness.spawnAndWait('fake-idle-hooks', ['idle', 'completed']);
    expect(state).toBe('idle');
    const hooks = `${filesOf(harness.sessions.context, id).signalsDir}/fake-hooks.jsonl`;
    const waiting = harness.sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 15_000 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const late = {
      hook_event_name: 'Stop',
      last_assistant_message: 'Done.\nAGENTPOOL_RESULT_START\nSummary: reported late\nAGENTPOOL_RESULT_END',
    };
    appendFileSync(hooks, `${JSON.stringify({ at: Date.now(), payload: JSON.stringify(late) })}\n`);
    // Without a watch on the signal folder nothing would wake it before its 15 s timeout (the next liveness check is 30 s away).
    const result = await waiting;
    expect(result.reached).toBe(true);
    expect(result.evaluated.result).toEqual({
      block: { text: 'Summary: reported late', sections: { Summary: 'reported late' } },
      source: 'signal',
    });
  });
});
