import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
let work: string;
beforeEach(() => {
  temp = createTempHome();
  work = join(temp.home, 'work');
  mkdirSync(join(work, 'real', 'src'), { recursive: true });
  symlinkSync(join(work, 'real'), join(work, 'link'));
});
afterEach(() => temp.cleanup());

function acquire(path: string, holder: string, mode = 'write') {
  return runCli(['leases', 'acquire', path, '--mode', mode, '--holder', holder, '--json'], temp.env, { cwd: work });
}

describe('leases', () => {
  it('a symlink to a leased folder is the same folder: no second write lease, even for a file not created yet', async () => {
    const first = await acquire('real/src', 'worker-a');
    expect(first.code).toBe(0);
    expect((first.json.lease as { resource: string }).resource).toBe(realpathSync(join(work, 'real', 'src')));
    for (const path of ['link/src', 'link', 'link/src/new-file.ts', join(work, 'link', 'src', 'deeper', 'x.ts')]) {
      const second = await acquire(path, 'worker-b');
      expect({ path, code: second.json.error?.code }).toEqual({ path, code: 'LEASE_CONFLICT' });
      expect(second.code).toBe(1);
    }
    const list = await runCli(['leases', 'list', '--json'], temp.env);
    expect((list.json.leases as unknown[]).length).toBe(1);
  });

  it('a lease through a symlink is recorded on the real path', async () => {
    const lease = await acquire('link/src/app.ts', 'worker-a');
    expect((lease.json.lease as { resource: string }).resource).toBe(join(realpathSync(join(work, 'real', 'src')), 'app.ts'));
    expect((await acquire('real/src/app.ts', 'worker-b')).json.error?.code).toBe('LEASE_CONFLICT');
  });

  it.each([
    ['empty', ''],
    ['whitespace', '   '],
    ['over 200 characters', 'h'.repeat(201)],
    ['100 KB', 'h'.repeat(100_000)],
    ['a control character', 'worker\u001b[31m-red'],
    ['a newline', 'worker\nsecond line'],
  ])('refuses a holder that is %s, exit 2, and stores nothing', async (_name, holder) => {
    const result = await acquire('real/src', holder);
    expect(result.code).toBe(2);
    expect(result.json.error?.code).toBe('INVALID_REQUEST');
    expect(result.json.error?.message).toMatch(/holder/i);
    expect(String(result.json.error?.details.example)).toContain('--holder');
    expect(result.stdout.length).toBeLessThan(2000);
    const list = await runCli(['leases', 'list', '--all', '--json'], temp.env);
    expect(list.json.leases).toEqual([]);
  });
});
