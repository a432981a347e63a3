import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, createPlainDir, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

function writeConfig(text: string): string {
  mkdirSync(temp.home, { recursive: true });
  const path = join(temp.home, 'config.yaml');
  writeFileSync(path, text);
  return path;
}

/** Nothing was written: no session rows and no session folders. */
async function expectNothingWritten(): Promise<void> {
  const artifacts = join(temp.home, 'artifacts');
  expect(existsSync(artifacts) ? readdirSync(artifacts) : []).toEqual([]);
  if (existsSync(join(temp.home, 'agentpool.sqlite'))) {
    const list = await runCli(['sessions', '--json'], temp.env);
    expect(list.json.count).toBe(0);
  }
}

describe('agentpool CLI', () => {
  it('prints its version and a readable help', async () => {
    const version = await runCli(['--version'], temp.env);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = await runCli(['--help'], temp.env);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('spawn');
  });

  it('init writes a small config once and refuses to overwrite it', async () => {
    const first = await runCli(['init', '--json'], temp.env);
    expect(first.code).toBe(0);
    const config = readFileSync(join(temp.home, 'config.yaml'), 'utf8');
    expect(config.split('\n').length).toBeLessThan(30);
    expect(config).not.toContain(temp.home);
    const second = await runCli(['init', '--json'], temp.env);
    expect(second.json.error?.code).toBe('CONFIG_EXISTS');
    expect(readFileSync(join(temp.home, 'config.yaml'), 'utf8')).toBe(config);
    expect((await runCli(['config', 'validate', '--json'], temp.env)).json.valid).toBe(true);
  });

  it('inventory leaves the fake providers out unless asked', async () => {
    const plain = await runCli(['inventory', '--json'], temp.env);
    expect(plain.code).toBe(0);
    const ids = (plain.json.providers as { id: string }[]).map((row) => row.id);
    expect(ids.filter((id) => id.startsWith('fake-'))).toEqual([]);
    expect((plain.json.runtimes as { tmux: { installed: boolean } }).tmux.installed).toBe(true);
    const all = await runCli(['inventory', '--include-test-providers', '--json'], temp.env);
    const rows = all.json.providers as { id: string; test_only: boolean }[];
    expect(rows.find((row) => row.id === 'fake-question')?.test_only).toBe(true);
  });

  it('config errors name file, line and column, exit 2, and change nothing', async () => {
    const path = writeConfig('version: 1\npolicy:\n  max_parallel_sessions: 3\n  max_paralel: 2\n');
    const unknown = await runCli(['config', 'validate', '--json'], temp.env);
    expect(unknown.code).toBe(2);
    expect(unknown.json.error?.code).toBe('CONFIG_INVALID');
    expect(unknown.json.error?.message).toContain(`${path}:4:3`);
    expect(unknown.json.error?.message).toContain('policy.max_paralel');

    writeConfig('policy:\n  max_parallel_sessions: [1\n');
    const broken = await runCli(['spawn', '--provider', 'fake-completed', '--task', 'Do the thing.', '--json'], temp.env);
    expect(broken.code).toBe(2);
    expect(broken.json.error?.code).toBe('CONFIG_INVALID');
    expect(broken.json.error?.message).toMatch(/config\.yaml:\d+:\d+/);
    await expectNothingWritten();
  });

  it('bad input gets its own error code, exit 2, and writes nothing', async () => {
    const plain = createPlainDir();
    const cases: [string[], string][] = [
      [['spawn', '--provider', 'auto', '--task', 'Do the thing.'], 'PROVIDER_AUTO_REJECTED'],
      [['spawn', '--provider', 'no-such-cli', '--task', 'Do the thing.'], 'PROVIDER_NOT_FOUND'],
      [['spawn', '--provider', 'fake-completed', '--task', '   '], 'INVALID_TASK'],
      [['spawn', '--provider', 'fake-completed', '--task', '<task>'], 'INVALID_TASK'],
      [['spawn', '--provider', 'fake-completed', '--task', 'your task here'], 'INVALID_TASK'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--repo', join(plain, 'missing')], 'INVALID_REPO'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--repo', plain, '--isolation', 'worktree'], 'GIT_NOT_REPO'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--max-turns', '-1'], 'INVALID_REQUEST'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--model', 'gpt-x'], 'CAPABILITY_UNSUPPORTED'],
      [['observe', 'ses_doesnotexist', '--json'], 'SESSION_NOT_FOUND'],
      [['observe', 'ses_doesnotexist', '--wait-for', 'completed,finished'], 'INVALID_WAIT_FOR'],
      [['observe', 'ses_doesnotexist', '--wait-for', 'completed', '--timeout', '-5'], 'INVALID_TIMEOUT'],
      [['send', 'ses_doesnotexist', 'hello'], 'SESSION_NOT_FOUND'],
      [['terminate', 'ses_doesnotexist'], 'SESSION_NOT_FOUND'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--frobnicate'], 'INVALID_REQUEST'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--isolation', 'sandbox'], 'INVALID_REQUEST'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--role', 'wizard'], 'INVALID_REQUEST'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--initial-prompt-mode', 'paste'], 'INVALID_REQUEST'],
      [['observe', 'ses_doesnotexist', '--detail', 'everything'], 'INVALID_REQUEST'],
      [['sessions', '--state', 'finished'], 'INVALID_REQUEST'],
      [['leases', 'acquire', 'src', '--mode', 'exclusive'], 'INVALID_REQUEST'],
      // Options that would be accepted and ignored are refused.
      [['observe', 'ses_doesnotexist', '--timeout', '5'], 'INVALID_REQUEST'],
      [['observe', 'ses_doesnotexist', '--max-lines', '5'], 'INVALID_REQUEST'],
      [['observe', 'ses_doesnotexist', '--detail', 'full', '--max-lines', '5'], 'INVALID_REQUEST'],
      [['worktrees', 'cleanup', '--session-id', 'ses_doesnotexist', '--repo', plain], 'INVALID_REQUEST'],
      [['worktrees', 'list', '--repo', join(plain, 'missing')], 'INVALID_REPO'],
      [['worktrees', 'cleanup', '--repo', join(plain, 'missing')], 'INVALID_REPO'],
      [['smoke', '--provider', 'auto', '--repo', plain], 'PROVIDER_AUTO_REJECTED'],
      [['smoke', '--provider', 'nope', '--repo', plain], 'PROVIDER_NOT_FOUND'],
    ];
    for (const [args, code] of cases) {
      const result = await runCli([...args, '--json'], temp.env, { cwd: plain });
      expect({ args, code: result.json.error?.code }).toEqual({ args, code });
      expect(result.code).toBe(2);
      expect({ args, example: String(result.json.error?.details?.example ?? '') }).not.toEqual({ args, example: '' });
    }
    await expectNothingWritten();
  });

  it('bounds what an error echoes back and refuses values that cannot be ids', async () => {
    const long = 'x'.repeat(100_000);
    const cases: [string[], string][] = [
      [['session', 'show', long], 'SESSION_NOT_FOUND'],
      [['observe', `ses_${long}`, '--wait-for', 'completed'], 'SESSION_NOT_FOUND'],
      [['leases', 'release', long], 'LEASE_NOT_FOUND'],
      [['worktrees', 'cleanup', '--session-id', long], 'SESSION_NOT_FOUND'],
      [['spawn', '--provider', long, '--task', 'Do it.'], 'PROVIDER_NOT_FOUND'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--max-turns', long], 'INVALID_REQUEST'],
      [['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--role', long], 'INVALID_REQUEST'],
      [['observe', 'ses_doesnotexist', '--wait-for', long], 'INVALID_WAIT_FOR'],
      [['observe', 'ses_doesnotexist', '--wait-for', 'completed', '--timeout', long], 'INVALID_TIMEOUT'],
      [['sessions', `--${long}`], 'INVALID_REQUEST'],
    ];
    for (const [args, code] of cases) {
      const result = await runCli([...args, '--json'], temp.env);
      const shown = args.map((arg) => arg.slice(0, 20)).join(' ');
      expect({ shown, code: result.json.error?.code, exit: result.code }).toEqual({ shown, code, exit: 2 });
      expect({ shown, bytes: result.stdout.length < 2_000 }).toEqual({ shown, bytes: true });
      expect(result.stdout).toMatch(/… \(100,?0\d\d characters\)/);
    }
    const human = await runCli(['session', 'show', long], temp.env);
    expect(human.stderr.length).toBeLessThan(1_000);
    await expectNothingWritten();
  });

  it('a missing tmux is a clear error with an install hint', async () => {
    writeConfig('tmux:\n  binary: /nonexistent/tmux\n');
    const result = await runCli(['spawn', '--provider', 'fake-completed', '--task', 'Do it.', '--json'], temp.env);
    expect(result.code).toBe(1);
    expect(result.json.error?.code).toBe('TMUX_NOT_FOUND');
    expect(String(result.json.error?.details.example)).toContain('apt-get install tmux');
    await expectNothingWritten();
  });

  it('human errors go to stderr with the next command', async () => {
    const result = await runCli(['observe', 'ses_doesnotexist'], temp.env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error [SESSION_NOT_FOUND]');
    expect(result.stderr).toContain('agentpool sessions');
  });

  it('spawn → observe → send → collect → transcript → terminate through the binary', async () => {
    const repo = createGitRepo();
    const spawned = await runCli(['spawn', '--provider', 'fake-question', '--task', 'What is here?', '--repo', repo, '--json'], temp.env);
    expect(spawned.code).toBe(0);
    const id = String(spawned.json.session_id);
    expect(String(spawned.json.attach_command)).toContain('tmux');
    const question = await runCli(['observe', id, '--wait-for', 'question', '--timeout', '20', '--json'], temp.env);
    expect(question.json.state).toBe('question');
    expect((await runCli(['send', id, 'Look at the README.', '--json'], temp.env)).json.turn).toBe(2);
    const completed = await runCli(
      ['observe', id, '--wait-for', 'completed', '--timeout', '20', '--detail', 'excerpt', '--json'],
      temp.env,
    );
    expect(completed.json.state).toBe('completed');
    expect((completed.json.screen as string[]).length).toBeGreaterThan(0);
    const collected = await runCli(['collect', id, '--json'], temp.env);
    expect(collected.json.result_missing).toBe(false);
    const page = await runCli(['transcript', id, '--offset', '0', '--limit', '100', '--json'], temp.env);
    expect(page.json).toMatchObject({ mode: 'range', offset: 0, next_offset: 100, has_more: true });
    const past = await runCli(['transcript', id, '--offset', '99999999', '--json'], temp.env);
    expect(past.json.error?.code).toBe('INVALID_TRANSCRIPT_RANGE');
    const terminated = await runCli(['terminate', id, '--json'], temp.env);
    expect(terminated.json).toMatchObject({ state: 'cancelled', already_terminated: false });
    expect((await runCli(['terminate', id, '--json'], temp.env)).json.already_terminated).toBe(true);
  });

  it('processes racing to spawn past max_parallel_sessions: exactly the cap succeed', async () => {
    writeConfig('policy:\n  max_parallel_sessions: 2\n');
    await runCli(['doctor', '--json'], temp.env);
    const racers = await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        runCli(['spawn', '--provider', 'fake-idle', '--task', `Racer ${index} waits.`, '--json'], temp.env),
      ),
    );
    const succeeded = racers.filter((result) => result.code === 0);
    const refused = racers.filter((result) => result.json.error?.code === 'PARALLEL_LIMIT_REACHED');
    expect(succeeded.length).toBe(2);
    expect(refused.length).toBe(4);
    // A racer's reconcile must never end a session another racer is still starting.
    const all = await runCli(['sessions', '--json'], temp.env);
    const sessions = all.json.sessions as { id: string; end_reason: string | null }[];
    expect(sessions.map((session) => session.id).sort()).toEqual(succeeded.map((result) => String(result.json.session_id)).sort());
    expect(sessions.map((session) => session.end_reason)).toEqual([null, null]);
  });

  it('leases: read/read share, read/write conflict, release frees the path', async () => {
    mkdirSync(temp.home, { recursive: true });
    const first = await runCli(['leases', 'acquire', 'src', '--mode', 'read', '--holder', 'a', '--json'], temp.env, { cwd: temp.home });
    expect(first.code).toBe(0);
    const second = await runCli(['leases', 'acquire', 'src', '--mode', 'read', '--holder', 'b', '--json'], temp.env, { cwd: temp.home });
    expect(second.code).toBe(0);
    const writer = await runCli(['leases', 'acquire', 'src/app.ts', '--mode', 'write', '--holder', 'c', '--json'], temp.env, {
      cwd: temp.home,
    });
    expect(writer.code).toBe(1);
    expect(writer.json.error?.code).toBe('LEASE_CONFLICT');
    for (const lease of [first, second]) {
      const id = (lease.json.lease as { id: string }).id;
      expect((await runCli(['leases', 'release', id, '--json'], temp.env)).code).toBe(0);
    }
    const retry = await runCli(['leases', 'acquire', 'src/app.ts', '--mode', 'write', '--holder', 'c', '--json'], temp.env, {
      cwd: temp.home,
    });
    expect(retry.code).toBe(0);
    const list = await runCli(['leases', 'list', '--json'], temp.env);
    expect((list.json.leases as unknown[]).length).toBe(1);
  });

  it('doctor --deep --privacy checks a real pane and reports what is stored', async () => {
    await runCli(['init'], temp.env);
    const report = await runCli(['doctor', '--deep', '--privacy', '--json'], temp.env);
    expect(report.code).toBe(0);
    const checks = report.json.checks as { name: string; status: string }[];
    expect(checks.find((check) => check.name === 'tmux_pane')?.status).toBe('ok');
    expect(checks.find((check) => check.name === 'privacy_secrets')?.status).toBe('ok');
  });

  it('a plugin that cannot load gets its own row; spawn, inventory and doctor still work; config validate fails', async () => {
    writeConfig('plugins:\n  - ./missing-plugin.mjs\n');
    const inventory = await runCli(['inventory', '--include-test-providers', '--json'], temp.env);
    expect(inventory.code).toBe(0);
    const rows = inventory.json.providers as { id: string | null; plugin: string | null; load_error: string | null }[];
    expect(rows.filter((row) => row.id?.startsWith('fake-')).length).toBe(16);
    expect(rows.find((row) => row.plugin === './missing-plugin.mjs')).toMatchObject({
      id: null,
      load_error: expect.stringContaining('missing-plugin'),
    });
    const providers = await runCli(['providers', '--json'], temp.env);
    expect(providers.code).toBe(0);
    expect((providers.json.providers as { plugin: string | null }[]).filter((row) => row.plugin !== null)).toEqual([
      expect.objectContaining({ id: null, plugin: './missing-plugin.mjs' }),
    ]);
    const human = await runCli(['providers'], temp.env);
    expect(human.stdout).toContain('plugin ./missing-plugin.mjs');

    const spawned = await runCli(
      ['spawn', '--provider', 'fake-completed', '--task', 'Finish at once.', '--repo', temp.home, '--json'],
      temp.env,
    );
    expect(spawned.code).toBe(0);
    await runCli(['terminate', String(spawned.json.session_id)], temp.env);

    const doctor = await runCli(['doctor', '--json'], temp.env);
    expect(doctor.code).toBe(1);
    expect((doctor.json.checks as { name: string; status: string }[]).find((check) => check.name === 'plugins')?.status).toBe('fail');
    const validate = await runCli(['config', 'validate', '--json'], temp.env);
    expect(validate.code).toBe(2);
    expect(validate.json.error?.code).toBe('CONFIG_INVALID');
    expect(validate.json.error?.message).toContain('./missing-plugin.mjs');
  });

  it('loads a plugin named as an npm package from node_modules beside config.yaml', async () => {
    const pkg = join(temp.home, 'node_modules', 'agentpool-plugin-echo');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'agentpool-plugin-echo', type: 'module', exports: { '.': { import: './index.js' } } }),
    );
    writeFileSync(
      join(pkg, 'index.js'),
      `export const provider = {
        specificationVersion: 'v1', id: 'echo-plugin', displayName: 'Echo plugin',
        capabilities: { promptModes: ['arg'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
        async detect() { return { binaryPath: '/bin/sh', version: '1.0.0', auth: { status: 'not_required', confidence: 'official', reason: 'no account' } }; },
        launch() { throw new Error('not launched here'); },
        classify() { return { state: 'unknown', confidence: 0, evidence: [] }; },
      };\n`,
    );
    writeConfig('plugins:\n  - agentpool-plugin-echo\n');
    const inventory = await runCli(['inventory', '--json'], temp.env);
    expect(inventory.code).toBe(0);
    expect((inventory.json.providers as { plugin: string | null }[]).filter((row) => row.plugin !== null)).toEqual([
      expect.objectContaining({ id: 'echo-plugin', installed: true, plugin: 'agentpool-plugin-echo' }),
    ]);
    expect((await runCli(['config', 'validate', '--json'], temp.env)).json.valid).toBe(true);
  });

  it('doctor reports a broken config.yaml as a failed check and still runs the others', async () => {
    const path = writeConfig('policy:\n  max_parallel_sessions: [1\n');
    const doctor = await runCli(['doctor', '--json'], temp.env);
    expect(doctor.code).toBe(1);
    expect(doctor.json.error).toBeUndefined();
    const checks = doctor.json.checks as { name: string; status: string; detail: string }[];
    expect(checks.find((check) => check.name === 'config')).toMatchObject({ status: 'fail', detail: expect.stringContaining(path) });
    expect(checks.find((check) => check.name === 'tmux')?.status).toBe('ok');
  });

  it('smoke delegates to a fake worker end to end', async () => {
    const result = await runCli(['smoke', '--provider', 'fake-question', '--repo', temp.home, '--json'], temp.env);
    expect(result.json.ok).toBe(true);
    expect(result.code).toBe(0);
    expect((result.json.steps as { step: string }[]).map((step) => step.step)).toEqual([
      'spawn',
      'first_turn',
      'answer',
      'second_turn',
      'collect',
      'terminate',
    ]);
  });
});
