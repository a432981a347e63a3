import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { extractResultBlock, type LaunchRequest, type ScreenState, screenLines } from '@agentpool/core';
import { createGitRepo, git, waitUntil } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeBehavior } from '../src/fake-behaviors.js';
import { createFakeProvider } from '../src/fake-provider.js';
import { classifyFakeScreen } from '../src/fake-screen-rules.js';
import { DIST_AGENT, HEIGHT, TmuxPane, WIDTH } from './tmux-pane.js';

let pane: TmuxPane;
let sent: string[];

beforeEach(() => {
  pane = new TmuxPane();
  sent = [];
});

afterEach(() => {
  pane.dispose();
});

function agentArgv(behavior: FakeBehavior, prompt?: string): string[] {
  return [process.execPath, DIST_AGENT, '--behavior', behavior, ...(prompt === undefined ? [] : ['--', prompt])];
}

function stateOf(text: string): ScreenState {
  return classifyFakeScreen({ lines: screenLines(text), width: WIDTH, height: HEIGHT }, { sentTexts: sent }).state;
}

/** Waits until the screen shows `wanted`, and returns that screen's text. */
async function waitForState(wanted: ScreenState, also: (text: string) => boolean = () => true): Promise<string> {
  return waitUntil(() => {
    const text = pane.capture();
    return stateOf(text) === wanted && also(text) ? text : '';
  });
}

/** Waits for the ready footer below a result block whose summary names `turn`, and returns the block's sections. */
async function waitForResult(turn = 1): Promise<Record<string, string>> {
  const text = await waitForState('ready', (screen) => extractResultBlock(screen)?.sections['Summary']?.includes(`turn ${turn}`) ?? false);
  return extractResultBlock(text)?.sections ?? {};
}

function send(text: string): void {
  sent.push(text);
  pane.paste(text);
  pane.keys('Enter');
}

describe('fake-agent in a real tmux pane', () => {
  it('asks its question, takes the pasted reply and delivers a result (arg mode)', async () => {
    const task = 'Which files matter here? An exception mentions a usage limit that resets.';
    const launch: LaunchRequest = {
      sessionId: 'ses_flow',
      prompt: task,
      promptMode: 'provider_default',
      cwd: pane.dir,
      isolation: 'shared',
      role: 'explorer',
      sessionDir: pane.dir,
      context: { env: {}, home: pane.dir, settings: { env: { FAKE_AGENT_WORK_MS: '50' } } },
    };
    const spec = createFakeProvider('question').launch(launch);
    expect(spec.promptMode).toBe('arg');
    // Under vitest the adapter module is src/fake-provider.ts; the program itself is the built one.
    pane.start([spec.argv[0] ?? '', DIST_AGENT, ...spec.argv.slice(2)], { cwd: spec.cwd, env: spec.env });
    sent.push(task);

    const asked = await waitForState('question');
    expect(asked).toContain('◆ Question: Which directory should I inspect first?');
    expect(asked).toContain(`› ${task}`);

    send('src/');
    const result = await waitForResult(2);
    expect(result['Summary']).toContain('turn 2');
    expect(result['Summary']).toContain('src/');
    expect(pane.capture()).toContain('  answer: src/');
  });

  it('takes a multi-line paste as one message (send_after_launch mode)', async () => {
    pane.start(agentArgv('completed'));
    await waitForState('ready');

    const message = 'First line of the task.\nSecond line: do not submit me alone.\nThird line.';
    send(message);
    const result = await waitForResult();
    expect(result['Findings']).toBe(`turn 1 received a 3-line message (${message.length} characters)`);
    const screen = pane.capture();
    expect(screen.match(/^AGENTPOOL_RESULT_START$/gm)).toHaveLength(1);
    expect(screen).toContain('› First line of the task.\n› Second line: do not submit me alone.\n› Third line.\n');
  });

  it('reads the prompt from stdin, then takes follow-ups from the terminal (stdin mode)', async () => {
    writeFileSync(join(pane.dir, 'prompt.txt'), 'Prompt from a file: count the files.\n');
    pane.start(['sh', '-c', 'exec "$0" "$@" < prompt.txt', ...agentArgv('completed')]);
    sent.push('Prompt from a file: count the files.');

    const first = await waitForResult();
    expect(first['Summary']).toContain('turn 1');
    expect(pane.capture()).toContain('› Prompt from a file: count the files.');

    send('And now the folders.');
    const second = await waitForResult(2);
    expect(second['Findings']).toBe('turn 2 received a 1-line message (20 characters)');
  });

  it('runs the command once approved with y', async () => {
    pane.start(agentArgv('approval', 'Clean the build folder.'));
    const asked = await waitForState('approval_prompt');
    expect(asked).toContain('? Allow command: rm -rf ./build [y/n]');

    send('y');
    const result = await waitForResult(2);
    expect(result['Commands run']).toBe('rm -rf ./build (simulated)');
  });

  it('declines the command with n', async () => {
    pane.start(agentArgv('approval', 'Clean the build folder.'));
    await waitForState('approval_prompt');

    send('n');
    const result = await waitForResult(2);
    expect(result['Summary']).toContain('declined');
    expect(pane.capture()).toContain('Command declined.');
  });

  it('crashes on its first turn with exit status 3', async () => {
    pane.start(agentArgv('crash', 'Do anything.'));
    expect(await waitUntil(() => pane.exitStatus())).toBe(3);
    expect(pane.capture()).toContain('Segmentation fault (simulated)');
  });

  it('leaves a commit, an untracked file and an unstaged change in a git repo (patch)', async () => {
    const repo = createGitRepo({ 'README.md': '# fixture repo\n' }, join(pane.dir, 'repo'));
    pane.start(agentArgv('patch', 'Make a small change.'), { cwd: repo });

    const result = await waitForResult();
    expect(result['Files changed']).toContain('agentpool-fake-committed.txt');
    expect(git(repo, ['log', '-1', '--format=%an <%ae>|%s'])).toBe(
      'fake-agent <fake@agentpool.invalid>|fake-agent: add agentpool-fake-committed.txt',
    );
    expect(git(repo, ['ls-files'])).toContain('agentpool-fake-committed.txt');
    expect(git(repo, ['diff', '--name-only'])).toBe('README.md');
    expect(git(repo, ['diff', '--cached', '--name-only'])).toBe('');
    expect(git(repo, ['ls-files', '--others', '--exclude-standard'])).toBe('agentpool-fake-untracked.txt');
    expect(readFileSync(join(repo, 'README.md'), 'utf8')).toContain('Edited by fake-agent in turn 1.');
  });

  it('shows the error footer on every turn (error)', async () => {
    pane.start(agentArgv('error', 'Try something.'));
    await waitForState('error');
    send('Try again.');
    await waitForState('error', (text) => text.includes('› Try again.\n'));
  });

  it('shows the limit footer (limit) and stays ready without a result (idle)', async () => {
    pane.start(agentArgv('limit', 'Try something.'));
    expect(await waitForState('limit_reached')).toContain('⚠ Usage limit reached. Try again at 3:05 PM.');
    pane.dispose();

    pane = new TmuxPane();
    pane.start(agentArgv('idle', 'Just note this.'));
    const screen = await waitForState('ready', (text) => text.includes('Okay, noted.'));
    expect(extractResultBlock(screen)).toBeNull();
  });

  it('streams lines while working (slow)', async () => {
    pane.start(agentArgv('slow', 'Stream.'), { env: { FAKE_AGENT_SLOW_MS: '400' } });
    await waitForState('working', (text) => text.includes('streaming line 2'));
    const result = await waitForResult();
    expect(result['Summary']).toContain('turn 1');
  });

  it('stops working on Escape and exits with 0 on Ctrl-C at the idle prompt', async () => {
    pane.start(agentArgv('completed', 'Take your time.'), { env: { FAKE_AGENT_WORK_MS: '600000' } });
    await waitForState('working');
    pane.keys('Escape');
    await waitForState('ready', (text) => text.includes('Interrupted by user.'));

    pane.keys('C-c');
    await waitUntil(() => pane.exitStatus() !== null);
    expect(pane.exitStatus()).toBe(0);
    expect(pane.capture()).toContain('Bye.');
  });

  it('exits with 143 on SIGTERM', async () => {
    pane.start(agentArgv('completed'));
    await waitForState('ready');
    process.kill(pane.pid(), 'SIGTERM');
    expect(await waitUntil(() => pane.exitStatus())).toBe(143);
  });
});

describe('fake-agent with FAKE_AGENT_RUN_COMMANDS=1', () => {
  it('runs the `$ ` lines of a message as its shell tool would, during the turn, then ends the turn', async () => {
    pane.start(agentArgv('completed'), { cwd: pane.dir, env: { FAKE_AGENT_WORK_MS: '50', FAKE_AGENT_RUN_COMMANDS: '1' } });
    await waitForState('ready');
    send('Do this:\n$ echo one > ran.txt\n$ sleep 1; echo two >> ran.txt\nnot a command');
    // Mid-turn while the commands run.
    await waitForState('working');
    const result = await waitForResult(1);
    expect(result.Summary).toContain('completed the task');
    expect(readFileSync(join(pane.dir, 'ran.txt'), 'utf8')).toBe('one\ntwo\n');
    expect(pane.capture()).toContain('ran (exit 0): sleep 1; echo two >> ran.txt');
  });

  it('runs nothing without the variable', async () => {
    pane.start(agentArgv('completed'), { cwd: pane.dir, env: { FAKE_AGENT_WORK_MS: '50' } });
    await waitForState('ready');
    send('$ echo one > ran.txt');
    await waitForResult(1);
    expect(() => readFileSync(join(pane.dir, 'ran.txt'))).toThrow();
  });
});
