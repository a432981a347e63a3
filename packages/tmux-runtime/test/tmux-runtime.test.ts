import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome, waitUntil } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTmuxRuntime, type TmuxRuntime } from '../src/index.js';

let temp: TempHome;
let runtime: TmuxRuntime;
let dir: string;

beforeEach(() => {
  temp = createTempHome();
  dir = join(temp.home, 'artifacts', 'w');
  mkdirSync(dir, { recursive: true });
  runtime = createTmuxRuntime({ socketPath: temp.tmuxSocket, env: temp.env });
});
afterEach(() => temp.cleanup());

function files(name: string) {
  return {
    outputFile: join(dir, `${name}.raw`),
    exitFile: join(dir, `${name}.exit`),
    endReasonFile: join(dir, `${name}.end`),
  };
}

/** The pane's output stream so far; tmux creates the file when its pipe starts, so it may not exist yet. */
function output(name: string): string {
  const path = files(name).outputFile;
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

const PRINT_ARGS = 'process.stdout.write("ARGS=" + JSON.stringify(process.argv.slice(1)) + "\\n"); setTimeout(() => {}, 60000)';

describe('tmux runtime on a real tmux server', () => {
  it('passes argv literally, including a trailing ";", quotes and shell syntax', async () => {
    const tricky = ['ends with;', '$(whoami) `id` $HOME', 'it\'s "quoted"', '#{pane_id}', '--', 'a;b'];
    await runtime.startWorker({
      name: 'argv',
      argv: [process.execPath, '-e', PRINT_ARGS, ...tricky],
      env: {},
      cwd: dir,
      width: 200,
      height: 20,
      ...files('argv'),
    });
    const line = await waitUntil(() => output('argv').match(/ARGS=(.*)\r?\n/)?.[1]);
    expect(JSON.parse(line ?? 'null')).toEqual(tricky);
  });

  it('streams output from the first byte, records the exit status and keeps the last screen', async () => {
    await runtime.startWorker({
      name: 'quick',
      argv: ['/bin/sh', '-c', 'echo first-line; exit 7'],
      env: {},
      cwd: dir,
      width: 80,
      height: 10,
      ...files('quick'),
    });
    await waitUntil(() => existsSync(files('quick').exitFile));
    expect(readFileSync(files('quick').exitFile, 'utf8').trim()).toBe('7');
    // The stream passes through tmux's pipe after the exit file is written: wait for it.
    await waitUntil(() => output('quick').includes('first-line'));
    const capture = await runtime.capture('quick');
    expect(capture?.pane.dead).toBe(true);
    expect(capture?.pane.deadStatus).toBe(7);
    expect(capture?.screen.lines).toContain('first-line');
  });

  it('passes environment with -e even when the server already runs', async () => {
    await runtime.startWorker({ name: 'first', argv: ['sleep', '30'], env: {}, cwd: dir, width: 80, height: 10, ...files('first') });
    await runtime.startWorker({
      name: 'second',
      argv: ['/bin/sh', '-c', 'echo "VALUE=$AGENTPOOL_TEST_VALUE"; sleep 30'],
      env: { AGENTPOOL_TEST_VALUE: 'from-launch-spec;' },
      cwd: dir,
      width: 80,
      height: 10,
      ...files('second'),
    });
    await waitUntil(() => output('second').includes('VALUE='));
    expect(output('second')).toContain('VALUE=from-launch-spec;');
  });

  it('feeds a stdin file to the worker', async () => {
    const stdinFile = join(dir, 'prompt.md');
    writeFileSync(stdinFile, 'prompt through stdin\n');
    await runtime.startWorker({ name: 'stdin', argv: ['cat'], env: {}, cwd: dir, width: 80, height: 10, stdinFile, ...files('stdin') });
    await waitUntil(() => existsSync(files('stdin').exitFile));
    // The stream passes through tmux's pipe after the exit file is written: wait for it.
    await waitUntil(() => output('stdin').includes('prompt through stdin'));
    expect(readFileSync(files('stdin').exitFile, 'utf8').trim()).toBe('0');
  });

  it('pastes text literally: key names, shell syntax and newlines stay text', async () => {
    const received = join(dir, 'received.txt');
    await runtime.startWorker({
      name: 'paste',
      argv: ['/bin/sh', '-c', `cat > '${received}'`],
      env: {},
      cwd: dir,
      width: 80,
      height: 10,
      ...files('paste'),
    });
    const text = 'C-c Enter $HOME `id` ends;\nsecond line';
    await runtime.pasteText('paste', text);
    await runtime.sendKeys('paste', ['Enter']);
    await waitUntil(() => existsSync(received) && readFileSync(received, 'utf8').includes('second line'));
    expect(readFileSync(received, 'utf8')).toBe(`${text}\n`);
  });

  it('refuses anything but named keys', async () => {
    await expect(runtime.sendKeys('paste', ['rm -rf /'])).rejects.toMatchObject({ code: 'INVALID_KEY' });
  });

  it('stops a worker at its max runtime without any agentpool process', async () => {
    await runtime.startWorker({
      name: 'limited',
      argv: ['sleep', '60'],
      env: {},
      cwd: dir,
      width: 80,
      height: 10,
      maxRuntimeSeconds: 1,
      ...files('limited'),
    });
    await waitUntil(() => existsSync(files('limited').endReasonFile), 15_000);
    expect(readFileSync(files('limited').endReasonFile, 'utf8').trim()).toBe('max_runtime_exceeded');
    const dead = await waitUntil(async () => (await runtime.capture('limited'))?.pane.dead === true, 15_000);
    expect(dead).toBe(true);
  });

  it('lists panes, kills sessions and reports missing ones', async () => {
    await runtime.startWorker({ name: 'a.b:c', argv: ['sleep', '30'], env: {}, cwd: dir, width: 80, height: 10, ...files('abc') });
    const panes = await runtime.listPanes();
    expect(panes.map((pane) => pane.sessionName)).toContain('a-b-c');
    expect(await runtime.killSession('a-b-c')).toBe(true);
    expect(await runtime.killSession('a-b-c')).toBe(false);
    expect(await runtime.capture('a-b-c')).toBeNull();
  });

  it('reports a missing tmux binary as TMUX_NOT_FOUND with an install hint', async () => {
    const missing = createTmuxRuntime({ socketPath: temp.tmuxSocket, binary: '/nonexistent/tmux', env: temp.env });
    expect(await missing.version()).toBeNull();
    await expect(missing.ensureAvailable()).rejects.toMatchObject({
      code: 'TMUX_NOT_FOUND',
      hint: expect.stringContaining('apt-get install tmux'),
    });
  });
});
