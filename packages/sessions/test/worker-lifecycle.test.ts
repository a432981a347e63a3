import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, git } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

describe('worker sessions on a real tmux server with fake providers', () => {
  it('question → send → completed → second send → second completion → collect → terminate', async () => {
    harness = await createHarness();
    const { sessions } = harness;
    // The task itself contains "?", "exception", "resets" and "usage limit": none of it is evidence.
    const spawned = await sessions.spawn({
      provider: 'fake-question',
      task: 'Why does the build throw an exception? When the quota resets, is the usage limit still hit?',
      repo: harness.temp.home,
    });
    const id = spawned.session.id;
    expect(spawned.session.state).toBe('starting');

    const first = await sessions.observe({ sessionId: id, waitFor: ['question', 'error', 'limit_reached'], timeoutMs: 20_000 });
    expect(first.evaluated.evaluation.state).toBe('question');
    expect(first.evaluated.evaluation.evidence.join('\n')).toContain('Which directory should I inspect first?');

    await sessions.send({ sessionId: id, text: 'Start with src/' });
    // Right after a send, the old question must not be reported again.
    const afterSend = await sessions.observe({ sessionId: id, waitFor: [], timeoutMs: 0 });
    expect(afterSend.evaluated.evaluation.state).not.toBe('question');
    expect(await harness.waitFor(id, ['completed', 'error'])).toBe('completed');

    const second = await sessions.send({ sessionId: id, text: 'One more check, please.' });
    expect(second.turnCount).toBe(3);
    // A later observe waits for this turn's completion, not the previous one.
    const completion = await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 20_000 });
    expect(completion.reached).toBe(true);
    const collected = await sessions.collect(id);
    expect(collected.result?.sections.Summary).toMatch(/turn 3/);
    const kinds = collected.artifacts.map((artifact) => artifact.kind);
    expect(kinds).toEqual(expect.arrayContaining(['transcript', 'result', 'latest_screen', 'summary', 'metadata', 'events', 'prompt']));
    expect(readFileSync(collected.artifacts.find((artifact) => artifact.kind === 'result')?.path ?? '', 'utf8')).toContain('Summary:');

    const dry = await sessions.terminate(id, true);
    expect(dry).toMatchObject({ dryRun: true, wouldTerminateRuntime: true, alreadyTerminated: false, state: 'completed' });
    const terminated = await sessions.terminate(id);
    expect(terminated.state).toBe('cancelled');
    expect(await harness.sessions.context.runtime.capture(spawned.session.tmuxSession)).toBeNull();
    const again = await sessions.terminate(id);
    expect(again.alreadyTerminated).toBe(true);
    await expect(sessions.send({ sessionId: id, text: 'hello' })).rejects.toMatchObject({ code: 'SESSION_ENDED' });

    const events = await sessions.events(id);
    const stateChanges = events.filter((event) => event.type === 'state_changed').map((event) => event.state);
    expect(stateChanges).not.toContain('error');
    expect(stateChanges).not.toContain('limit_reached');
    // Events record changes, not polls: far fewer rows than observations.
    expect(events.length).toBeLessThan(30);
  });

  it('an approval prompt is reported and answered with a key', async () => {
    harness = await createHarness((config) => ({ ...config, policy: { ...config.policy, allow_raw_keys: true } }));
    const { id, state } = await harness.spawnAndWait('fake-approval', ['approval_prompt', 'completed', 'error']);
    expect(state).toBe('approval_prompt');
    await harness.sessions.keys({ sessionId: id, keys: ['y', 'Enter'] });
    expect(await harness.waitFor(id, ['completed', 'error'])).toBe('completed');
  });

  it('keys are refused unless policy allows them', async () => {
    harness = await createHarness();
    const { id } = await harness.spawnAndWait('fake-approval', ['approval_prompt']);
    await expect(harness.sessions.keys({ sessionId: id, keys: ['y'] })).rejects.toMatchObject({ code: 'POLICY_BLOCKED' });
  });

  it('a worker that answers without a result block is idle, and collect reports the block missing', async () => {
    harness = await createHarness();
    const { id, state } = await harness.spawnAndWait('fake-idle', ['idle', 'completed', 'error']);
    expect(state).toBe('idle');
    const collected = await harness.sessions.collect(id);
    expect(collected.result).toBeNull();
    expect(collected.warnings.join(' ')).toMatch(/no result block/);
  });

  it('a provider error banner is an error state of the turn; the session stays usable', async () => {
    harness = await createHarness();
    const { id, state } = await harness.spawnAndWait('fake-error', ['error', 'completed', 'idle']);
    expect(state).toBe('error');
    const shown = await harness.sessions.show(id);
    expect(shown.evaluation.ended).toBe(false);
    await harness.sessions.send({ sessionId: id, text: 'retry' });
    expect(await harness.waitFor(id, ['error', 'completed'])).toBe('error');
    expect((await harness.sessions.show(id)).session.turnCount).toBe(2);
  });

  it('a usage limit screen is limit_reached', async () => {
    harness = await createHarness();
    const { state } = await harness.spawnAndWait('fake-limit', ['limit_reached', 'error', 'completed', 'idle']);
    expect(state).toBe('limit_reached');
  });

  it('a crashing worker ends the session as error with its exit status', async () => {
    harness = await createHarness();
    const { id, state } = await harness.spawnAndWait('fake-crash', ['error', 'exited', 'completed']);
    expect(state).toBe('error');
    const shown = await harness.sessions.show(id);
    expect(shown.session.exitStatus).toBe(3);
    expect(shown.session.endedAt).not.toBeNull();
    expect(shown.session.endReason).toBe('worker_exited');
  });

  it('send_after_launch and stdin prompt modes deliver the task', async () => {
    harness = await createHarness();
    for (const promptMode of ['send_after_launch', 'stdin'] as const) {
      const spawned = await harness.sessions.spawn({
        provider: 'fake-completed',
        task: `Report the mode ${promptMode}.`,
        repo: harness.temp.home,
        promptMode,
      });
      expect(spawned.session.promptMode).toBe(promptMode);
      expect(spawned.warnings.filter((warning) => warning.includes('not sent'))).toEqual([]);
      expect(await harness.waitFor(spawned.session.id, ['completed', 'error'])).toBe('completed');
      const transcript = await harness.sessions.transcript({ sessionId: spawned.session.id });
      expect(transcript.text).toContain(`Report the mode ${promptMode}.`);
      // The exact prompt file for stdin mode does not outlive its use.
      expect(existsSync(join(harness.temp.home, 'artifacts', spawned.session.id, 'prompt.input'))).toBe(false);
    }
  });

  it('max_turns refuses a send past the limit; max_runtime_seconds stops the worker with no observer', async () => {
    harness = await createHarness();
    const { id } = await harness.spawnAndWait('fake-completed', ['completed'], { maxTurns: 1 });
    await expect(harness.sessions.send({ sessionId: id, text: 'more' })).rejects.toMatchObject({ code: 'TURN_LIMIT_REACHED' });

    const limited = await harness.sessions.spawn({
      provider: 'fake-idle',
      task: 'Sit there.',
      repo: harness.temp.home,
      maxRuntimeSeconds: 1,
    });
    // Nobody observes while the limit runs out.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    const shown = await harness.sessions.show(limited.session.id);
    expect(shown.session.state).toBe('cancelled');
    expect(shown.session.endReason).toBe('max_runtime_exceeded');
  });

  it('a tmux session killed from outside is reconciled as ended', async () => {
    harness = await createHarness();
    const { id } = await harness.spawnAndWait('fake-idle', ['idle']);
    await harness.sessions.context.runtime.killSession(id);
    const list = await harness.sessions.list({ includeEnded: true });
    const session = list.find((item) => item.id === id);
    expect(session?.endedAt).not.toBeNull();
    expect(session?.state).toBe('error');
    expect(session?.endReason).toBe('pane_missing');
  });

  it('a patch in a worktree: diff has the commit, the untracked file and the unstaged edit; cleanup refuses it dirty', async () => {
    const repo = createGitRepo({ 'README.md': '# project\n', 'src/app.ts': 'export const a = 1;\n' });
    harness = await createHarness((config) => config, repo);
    const spawned = await harness.sessions.spawn({
      provider: 'fake-patch',
      task: 'Make the patch.',
      repo,
      isolation: 'worktree',
      role: 'implementer',
    });
    const worktree = await harness.store.worktrees.getBySession(spawned.session.id);
    expect(worktree?.branch).toMatch(/^agentpool\/fake-patch\/[a-z0-9]{8}$/);
    expect(spawned.session.workDir).toBe(worktree?.path);
    expect(await harness.waitFor(spawned.session.id, ['completed', 'error'])).toBe('completed');

    const collected = await harness.sessions.collect(spawned.session.id);
    const files = collected.diff?.changedFiles.map((file) => file.path) ?? [];
    expect(files).toEqual(expect.arrayContaining(['agentpool-fake-committed.txt', 'agentpool-fake-untracked.txt', 'README.md']));
    expect(collected.diff?.commits.length).toBe(1);
    const patch = readFileSync(collected.artifacts.find((artifact) => artifact.kind === 'diff')?.path ?? '', 'utf8');
    expect(patch).toContain('agentpool-fake-untracked.txt');
    // The user's own repository and index are untouched.
    expect(git(repo, ['status', '--porcelain'])).toBe('');

    await expect(harness.sessions.worktrees.cleanup({ sessionId: spawned.session.id, force: false, dryRun: false })).rejects.toMatchObject({
      code: 'WORKTREE_ACTIVE',
    });
    await harness.sessions.terminate(spawned.session.id);
    await expect(harness.sessions.worktrees.cleanup({ sessionId: spawned.session.id, force: false, dryRun: false })).rejects.toMatchObject({
      code: 'WORKTREE_DIRTY',
    });
    const sweep = await harness.sessions.worktrees.cleanup({ force: false, dryRun: false });
    expect(sweep.removed).toEqual([]);
    expect(sweep.refused[0]?.code).toBe('WORKTREE_DIRTY');
    expect(existsSync(worktree?.path ?? '')).toBe(true);

    const forced = await harness.sessions.worktrees.cleanup({ sessionId: spawned.session.id, force: true, dryRun: false });
    expect(forced.removed.length).toBe(1);
    expect(existsSync(worktree?.path ?? '')).toBe(false);
    expect(git(repo, ['branch', '--list', worktree?.branch ?? ''])).toBe('');
  });
});
