import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderAdapterV1 } from '@agentpool/core';
import { waitUntil } from '@agentpool/test-utils';
import { findMarkedProcesses, processAlive } from '@agentpool/tmux-runtime';
import { afterEach, expect, it } from 'vitest';
import { createHarness, type Harness } from './harness.js';

let harness: Harness | null = null;
afterEach(async () => {
  await harness?.close();
  harness = null;
});

/** Running (a zombie waiting for init to reap it has ended). */
const alive = processAlive;

/** A worker that starts a daemon in its own session (as Codex's TUI does), records its pid, then runs `rest`. */
function detachingProvider(id: string, rest: string): ProviderAdapterV1 {
  return {
    specificationVersion: 'v1',
    id,
    displayName: id,
    capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
    detect: async () => ({ binaryPath: '/bin/sh', version: '1', auth: { status: 'not_required', confidence: 'official', reason: 'test' } }),
    launch: (request) => ({
      argv: ['/bin/sh', '-c', `setsid sleep 300 < /dev/null > /dev/null 2>&1 & echo $! > daemon.pid; ${rest}`, id, request.prompt],
      env: {},
      cwd: request.cwd,
      promptMode: 'arg',
      submitKeys: ['Enter'],
      interruptKeys: ['C-c'],
      isolationEnforcement: 'prompt_only',
    }),
    classify: () => ({ state: 'unknown', confidence: 0, evidence: [] }),
  };
}

it('terminate ends every process the worker started, a detached daemon included', async () => {
  harness = await createHarness(undefined, undefined, {}, [detachingProvider('detacher', 'sleep 300')]);
  const spawned = await harness.sessions.spawn({ provider: 'detacher', task: 'Start a daemon.', repo: harness.temp.home });
  const pidFile = join(harness.temp.home, 'daemon.pid');
  const daemon = await waitUntil(() => (existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, 'utf8'), 10) : 0));
  expect(alive(daemon)).toBe(true);
  await harness.sessions.terminate(spawned.session.id);
  expect(alive(daemon)).toBe(false);
  expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', spawned.session.id)).toEqual([]);
});

it('a worker that exits by itself leaves no daemon, no dead pane and no tmux server behind', async () => {
  harness = await createHarness(undefined, undefined, {}, [detachingProvider('quitter', 'sleep 0.5; exit 0')]);
  const spawned = await harness.sessions.spawn({ provider: 'quitter', task: 'Start a daemon, then quit.', repo: harness.temp.home });
  const pidFile = join(harness.temp.home, 'daemon.pid');
  const daemon = await waitUntil(() => (existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, 'utf8'), 10) : 0));
  // Nobody observes: the pane entry itself ends what the worker left.
  await waitUntil(() => !alive(daemon), 10_000);
  expect(await harness.waitFor(spawned.session.id, ['exited'])).toBe('exited');
  expect(await harness.sessions.context.runtime.listPanes()).toEqual([]);
});

it('a worker runs with its account: the account id is recorded and its environment reaches the pane', async () => {
  harness = await createHarness();
  const spawned = await harness.sessions.spawn({
    provider: 'fake-idle',
    task: 'Wait.',
    repo: harness.temp.home,
    account: { id: 'work', home: join(harness.temp.home, 'account-home'), env: { AGENTPOOL_TEST_ACCOUNT: 'work-account' } },
  });
  expect(spawned.session.accountId).toBe('work');
  const [pid] = await waitUntil(() => {
    // The pane's short-lived start-up processes may be gone between the listing and the read.
    const commandLine = (pid: number) => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    };
    const found = findMarkedProcesses('AGENTPOOL_SESSION_ID', spawned.session.id).filter((candidate) =>
      commandLine(candidate).includes('fake-agent'),
    );
    return found.length ? found : null;
  });
  expect(readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0')).toContain('AGENTPOOL_TEST_ACCOUNT=work-account');
  expect((await harness.sessions.show(spawned.session.id)).session.accountId).toBe('work');
  // Ended before the temp folder goes: the fake agent keeps its conversation log in the account home.
  await harness.sessions.terminate(spawned.session.id);
});
