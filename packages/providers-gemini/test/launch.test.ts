import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LaunchRequest } from '@agentpool/core';
import { launchRequest } from '@agentpool/provider-test-kit';
import { afterEach, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

import { PASTE_HOLD_MS, workerHomeScript } from '../src/gemini-worker-home.js';
import { createGeminiProvider, geminiProvider } from '../src/index.js';

/** The launch request these tests start from: a HOME of its own, so nothing of the user's is read. */
const request = (overrides: Partial<LaunchRequest> = {}): LaunchRequest =>
  launchRequest({ context: { env: { PATH: '/nonexistent', HOME: '/home/u' }, home: '/a', settings: {} }, ...overrides });

describe('gemini-cli launch', () => {
  it('pastes the task by default; read_only is Gemini’s own plan mode', () => {
    const spec = geminiProvider.launch(request());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['gemini', '--approval-mode', 'plan']);
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(spec.submitKeys).toEqual(['Enter']);
    expect(spec.interruptKeys).toEqual(['Escape']);
  });

  it('asks before every tool otherwise; passes the model and the account’s home', () => {
    const spec = geminiProvider.launch(
      request({
        isolation: 'worktree',
        model: 'gemini-2.5-pro',
        context: { env: {}, home: '/a', settings: {}, account: { id: 'team-2', home: '/accounts/2', env: {} } },
      }),
    );
    expect(spec.argv).toEqual(['gemini', '--approval-mode', 'default', '--model', 'gemini-2.5-pro']);
    expect(spec.env).toEqual({ GEMINI_CLI_HOME: '/accounts/2' });
    expect(spec.isolationEnforcement).toBe('not_needed');
  });

  it('the configured binary wins over the candidates', () => {
    const provider = createGeminiProvider({ binaryCandidates: ['gemini-nightly'] });
    // Any executable stands for a configured gemini here.
    const spec = provider.launch(
      request({ context: { env: { PATH: '/nonexistent' }, home: '/a', settings: { binary: process.execPath } } }),
    );
    expect(spec.argv[0]).toBe(process.execPath);
  });

  it('reports through hooks in a worker home of its own: GEMINI_CLI_HOME in the session folder, laid out by a --require script', () => {
    const signals = geminiProvider.signals?.(request());
    expect(signals?.args).toEqual([]);
    expect(signals?.env.GEMINI_CLI_HOME).toBe('/a/ses_launch000001/gemini-home');
    expect(signals?.env.NODE_OPTIONS).toBe('--require "/a/ses_launch000001/gemini-worker-home.cjs"');
    expect(signals?.files.map((file) => file.path)).toEqual(['gemini-worker-home.cjs']);
    expect(signals?.sources).toEqual([{ name: 'hooks', kind: 'file', path: '/a/ses_launch000001/signals/gemini-hooks.jsonl' }]);
  });

  it('keeps the worker’s NODE_OPTIONS after its own script', () => {
    const signals = geminiProvider.signals?.(
      request({ context: { env: { NODE_OPTIONS: '--max-old-space-size=4096' }, home: '/a', settings: {} } }),
    );
    expect(signals?.env.NODE_OPTIONS).toBe('--max-old-space-size=4096 --require "/a/ses_launch000001/gemini-worker-home.cjs"');
  });

  it('offers a catalog with one default and takes any model name', async () => {
    const models = await geminiProvider.models?.({ env: {}, home: '/a', settings: {} });
    expect(models?.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['auto']);
    expect(geminiProvider.capabilities.anyModel).toBe(true);
  });
});

describe('the worker home script', () => {
  it('holds keys that follow a bracketed paste back, in order, so the Enter after it submits', async () => {
    const stdin = Object.assign(new EventEmitter(), { isTTY: true });
    const seen: { text: string; at: number }[] = [];
    stdin.on('data', (chunk: string) => seen.push({ text: chunk, at: Date.now() }));
    const script = workerHomeScript({ sourceHome: '/nonexistent', workerHome: '/nonexistent/w', hooks: {}, nodeOptions: '' });
    // Run as a process the CLI started that is its own relaunched self (same main script, the CLI its parent).
    const env = { AGENTPOOL_GEMINI_PID: String(process.ppid), AGENTPOOL_GEMINI_MAIN: process.argv[1] };
    const fakeProcess = { env, ppid: process.ppid, argv: process.argv, pid: process.pid, stdin, stderr: process.stderr };
    new Function('require', 'process', script)(require, fakeProcess);
    const start = Date.now();
    stdin.emit('data', '\u001b[200~task\u001b[201~\r');
    stdin.emit('data', 'x');
    expect(seen.map((entry) => entry.text)).toEqual(['\u001b[200~task\u001b[201~']);
    await new Promise((resolve) => setTimeout(resolve, PASTE_HOLD_MS + 200));
    expect(seen.map((entry) => entry.text)).toEqual(['\u001b[200~task\u001b[201~', '\r', 'x']);
    expect((seen[1]?.at ?? 0) - start).toBeGreaterThanOrEqual(PASTE_HOLD_MS - 5);
    expect(env).toEqual({});
  });

  let root = '';
  afterEach(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('mirrors the user’s ~/.gemini by links, adds the hooks to a copy of the user’s settings, keeps the script from other processes', () => {
    root = mkdtempSync(join(tmpdir(), 'ap-gemini-home-'));
    const user = join(root, 'user');
    mkdirSync(join(user, '.gemini'), { recursive: true });
    writeFileSync(
      join(user, '.gemini', 'settings.json'),
      '{\n  // the user’s own\n  "model": { "name": "gemini-2.5-pro" },\n  "hooks": { "AfterAgent": [{ "hooks": [{ "type": "command", "command": "notify-send done" }] }] }\n}\n',
    );
    writeFileSync(join(user, '.gemini', 'oauth_creds.json'), '{}');
    const session = join(root, 'session');
    mkdirSync(join(session, 'signals'), { recursive: true });
    const signals = geminiProvider.signals?.(
      request({
        sessionDir: session,
        context: { env: { HOME: user, NODE_OPTIONS: '--no-warnings' }, home: root, settings: {} },
        signalRecorder: { dir: join(session, 'signals'), argv: ['/usr/bin/node', '-e', 'record()', '--'] },
      }),
    );
    for (const file of signals?.files ?? []) writeFileSync(join(session, file.path), file.content);
    // The launched process keeps the script for the child it relaunches itself as; anything else it starts runs without it.
    const child = `process.stdout.write(JSON.stringify([process.env.NODE_OPTIONS, process.env.AGENTPOOL_GEMINI_PID ?? null]))`;
    const printed = execFileSync(
      process.execPath,
      ['-e', `require('child_process').spawnSync(process.execPath, ['-e', ${JSON.stringify(child)}], { stdio: 'inherit' })`],
      {
        env: { PATH: process.env.PATH ?? '', ...signals?.env },
        encoding: 'utf8',
      },
    );
    expect(JSON.parse(printed)).toEqual(['--no-warnings', null]);

    const home = join(session, 'gemini-home', '.gemini');
    expect(readlinkSync(join(home, 'oauth_creds.json'))).toBe(join(user, '.gemini', 'oauth_creds.json'));
    const settings = JSON.parse(readFileSync(join(home, 'settings.json'), 'utf8'));
    expect(settings.model).toEqual({ name: 'gemini-2.5-pro' });
    expect(settings.hooks.AfterAgent).toHaveLength(2);
    expect(settings.hooks.AfterAgent[0].hooks[0].command).toBe('notify-send done');
    expect(settings.hooks.AfterAgent[1].hooks[0].command).toContain(join(session, 'signals', 'gemini-hooks.jsonl'));
    expect(settings.hooksConfig).toMatchObject({ enabled: true, notifications: false });
    expect(settings.general).toMatchObject({ enableAutoUpdate: false });
    expect(settings.ui).toMatchObject({ hideBanner: false, errorVerbosity: 'full' });
    // The user's own settings are untouched.
    expect(readFileSync(join(user, '.gemini', 'settings.json'), 'utf8')).toContain('// the user’s own');
  });
});
