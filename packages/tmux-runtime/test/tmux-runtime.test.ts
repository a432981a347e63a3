import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome, waitUntil } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTmuxRuntime, PROMPT_ARG_PLACEHOLDER, type TmuxRuntime } from '../src/index.js';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

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
    envFile: join(dir, `${name}.env`),
  };
}

/** A worker environment: PATH to find programs, plus `extra`. */
const workerEnv = (extra: Record<string, string> = {}) => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', ...extra });

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
      env: workerEnv(),
      cwd: dir,
      width: 200,
      height: 20,
      ...files('argv'),
    });
    const line = await waitUntil(() => output('argv').match(/ARGS=(.*)\r?\n/)?.[1]);
    expect(JSON.parse(line ?? 'null')).toEqual(tricky);
  });

  it('streams output from the first byte, records the exit status, and leaves nothing running once the worker exits', async () => {
    await runtime.startWorker({
      name: 'quick',
      argv: ['/bin/sh', '-c', 'echo first-line; exit 7'],
      env: workerEnv(),
      cwd: dir,
      width: 80,
      height: 10,
      ...files('quick'),
    });
    await waitUntil(() => existsSync(files('quick').exitFile));
    expect(readFileSync(files('quick').exitFile, 'utf8').trim()).toBe('7');
    // The stream passes through tmux's pipe after the exit file is written: wait for it.
    await waitUntil(() => output('quick').includes('first-line'));
    // No dead pane is kept and, with no other worker, the private server has exited.
    await waitUntil(async () => (await runtime.capture('quick')) === null);
    await waitUntil(async () => (await runtime.listPanes()).length === 0);
    expect(() => execFileSync('tmux', ['-S', temp.tmuxSocket, 'list-sessions'], { stdio: 'pipe' })).toThrow();
  });

  it('creates the output stream private (0600) before the worker writes to it', async () => {
    await runtime.startWorker({
      name: 'private',
      argv: ['sleep', '30'],
      env: workerEnv(),
      cwd: dir,
      width: 80,
      height: 10,
      ...files('private'),
    });
    expect(statSync(files('private').outputFile).mode & 0o777).toBe(0o600);
  });

  it('gives each pane exactly its own environment, whichever process started the server, and no secret on any command line', async () => {
    const first = createTmuxRuntime({ socketPath: temp.tmuxSocket, env: { ...temp.env, FOO: 'first', LANG: 'C.UTF-8' } });
    await first.startWorker({
      name: 'starter',
      argv: ['sleep', '30'],
      env: workerEnv(),
      cwd: dir,
      width: 80,
      height: 10,
      ...files('starter'),
    });
    const second = createTmuxRuntime({ socketPath: temp.tmuxSocket, env: { ...temp.env, FOO: 'second' } });
    const secret = 'sk-ant-api03-secret-in-env-000000000000000';
    const seen = join(dir, 'seen.env');
    const started = await second.startWorker({
      name: 'envcheck',
      argv: [
        process.execPath,
        '-e',
        `require('fs').writeFileSync(${JSON.stringify(seen)}, JSON.stringify(process.env)); setTimeout(() => {}, 30000)`,
      ],
      env: workerEnv({ FOO: 'second', ANTHROPIC_API_KEY: secret, 'BAD-NAME': 'x', QUOTED: "it's $HOME `id`\nline" }),
      cwd: dir,
      width: 80,
      height: 10,
      ...files('envcheck'),
    });
    expect(started.skippedEnv).toEqual(['BAD-NAME']);
    await waitUntil(() => existsSync(seen));
    const env = JSON.parse(readFileSync(seen, 'utf8')) as Record<string, string>;
    expect(env.FOO).toBe('second');
    expect(env.ANTHROPIC_API_KEY).toBe(secret);
    expect(env.QUOTED).toBe("it's $HOME `id`\nline");
    // Nothing of the server's own start-up environment and none of the pane entry's controls.
    expect(env.LANG).toBeUndefined();
    expect(Object.keys(env).filter((key) => key.startsWith('AGENTPOOL_') && key !== 'AGENTPOOL_SESSION_ID')).toEqual([]);
    expect(existsSync(files('envcheck').envFile)).toBe(false);
    const table = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
    expect(table).not.toContain(secret);
  });

  it('hands a prompt to a program that only takes it as an argument without putting it on tmux or shell command lines', async () => {
    const prompt = 'Summarise the repo; then "quote" it\nsecond line $HOME';
    await runtime.startWorker({
      name: 'promptarg',
      argv: [process.execPath, '-e', PRINT_ARGS, 'before', PROMPT_ARG_PLACEHOLDER, 'after'],
      env: workerEnv(),
      prompt: { value: prompt, file: join(dir, 'prompt.arg') },
      cwd: dir,
      width: 200,
      height: 20,
      ...files('promptarg'),
    });
    const line = await waitUntil(() => output('promptarg').match(/ARGS=(.*)\r?\n/)?.[1]);
    expect(JSON.parse(line ?? 'null')).toEqual(['before', prompt, 'after']);
    expect(existsSync(join(dir, 'prompt.arg'))).toBe(false);
    const started = execFileSync('tmux', ['-S', temp.tmuxSocket, 'list-panes', '-a', '-F', '#{pane_start_command}'], { encoding: 'utf8' });
    expect(started).toContain(PROMPT_ARG_PLACEHOLDER);
    expect(started).not.toContain('Summarise the repo');
  });

  it('ends the processes a worker detached (same session marker) once the worker exits', async () => {
    const pidFile = join(dir, 'daemon.pid');
    await runtime.startWorker({
      name: 'detacher',
      argv: ['/bin/sh', '-c', `setsid sleep 300 > /dev/null 2>&1 < /dev/null & echo $! > '${pidFile}'; sleep 0.5; exit 0`],
      env: workerEnv({ AGENTPOOL_SESSION_ID: 'ses_detachtest0001' }),
      cwd: dir,
      width: 80,
      height: 10,
      ...files('detacher'),
    });
    await waitUntil(() => existsSync(files('detacher').exitFile), 10_000);
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8'), 10);
    await waitUntil(() => !processAlive(pid), 5_000);
  });

  it('feeds a stdin file to the worker', async () => {
    const stdinFile = join(dir, 'prompt.md');
    writeFileSync(stdinFile, 'prompt through stdin\n');
    await runtime.startWorker({
      name: 'stdin',
      argv: ['cat'],
      env: workerEnv(),
      cwd: dir,
      width: 80,
      height: 10,
      stdinFile,
      ...files('stdin'),
    });
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
      env: workerEnv(),
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
      env: workerEnv(),
      cwd: dir,
      width: 80,
      height: 10,
      maxRuntimeSeconds: 1,
      ...files('limited'),
    });
    await waitUntil(() => existsSync(files('limited').endReasonFile), 15_000);
    expect(readFileSync(files('limited').endReasonFile, 'utf8').trim()).toBe('max_runtime_exceeded');
    const gone = await waitUntil(async () => (await runtime.capture('limited')) === null, 15_000);
    expect(gone).toBe(true);
  });

  it('lists panes, kills sessions and reports missing ones', async () => {
    await runtime.startWorker({ name: 'a.b:c', argv: ['sleep', '30'], env: workerEnv(), cwd: dir, width: 80, height: 10, ...files('abc') });
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
