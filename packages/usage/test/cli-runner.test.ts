import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../src/index.js';

const tool = fileURLToPath(new URL('fixtures/cli-tool.mjs', import.meta.url));
const run = (args: string[], extra = {}) =>
  runCli({ command: process.execPath, args: [tool, ...args], timeoutMs: 5000, killGraceMs: 200, ...extra });

describe('runCli with a real child', () => {
  it('returns the output of a successful run', async () => {
    const result = await run(['json']);
    expect(result).toMatchObject({ kind: 'ok', exitCode: 0, truncated: false });
    if (result.kind === 'ok') expect(JSON.parse(result.stdout)).toMatchObject({ provider: 'codex' });
  });

  it('writes input to stdin', async () => {
    expect(await run(['stdin'], { input: 'hello' })).toMatchObject({ kind: 'ok', stdout: 'HELLO' });
  });

  it('passes the environment it is given', async () => {
    expect(await run(['env'], { env: { ...process.env, PROBE_HOME: '/tmp/home-a' } })).toMatchObject({ stdout: '/tmp/home-a' });
  });

  it('reports a non-zero exit with redacted stderr', async () => {
    const result = await run(['fail']);
    expect(result).toMatchObject({ kind: 'exit_nonzero', exitCode: 4, signal: null });
    if (result.kind === 'exit_nonzero') {
      expect(result.stderr).toContain('not logged in');
      expect(result.stderr).not.toContain('ghp_abcdefghij');
    }
  });

  it('scrubs a secret it was given from stderr, though it matches no known shape', async () => {
    const result = await run(['print-env-token'], {
      env: { ...process.env, PROBE_TOKEN: 'plainsecret-42-xyz' },
      secrets: ['plainsecret-42-xyz'],
    });
    expect(result).toMatchObject({ kind: 'exit_nonzero', stderr: 'auth failed with [REDACTED]' });
  });

  it('kills a run that outlives its timeout, even one that ignores SIGTERM', async () => {
    expect(await run(['hang'], { timeoutMs: 150 })).toMatchObject({ kind: 'timeout', timeoutMs: 150 });
  });

  it('stops when the caller aborts', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await run(['hang'], { signal: controller.signal })).toMatchObject({ kind: 'aborted' });
    expect(await run(['json'], { signal: AbortSignal.abort() })).toMatchObject({ kind: 'aborted', stdout: '' });
  });

  it('keeps at most maxOutputBytes of output', async () => {
    const result = await run(['flood', '100000'], { maxOutputBytes: 1000 });
    expect(result).toMatchObject({ kind: 'ok', truncated: true });
    if (result.kind === 'ok') expect(result.stdout).toHaveLength(1000);
  });

  it('reports a missing binary as spawn_error', async () => {
    expect(await runCli({ command: '/nonexistent/codexbar', args: ['usage'], timeoutMs: 1000 })).toMatchObject({
      kind: 'spawn_error',
      code: 'ENOENT',
    });
  });
});
