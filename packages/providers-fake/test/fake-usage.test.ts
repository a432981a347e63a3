import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFakeProvider } from '../src/fake-provider.js';
import { FAKE_USAGE_FILE_VARIABLE, FAKE_USAGE_URL_VARIABLE } from '../src/fake-usage.js';

const context = (env: Record<string, string>, signal?: AbortSignal): ProviderContext => ({ env, home: '/tmp/home', settings: {}, signal });
const provider = createFakeProvider('completed');
const exhausted = {
  windows: [
    { name: '5h limit', duration_seconds: 18_000, used_percent: 100, resets_at: '2030-01-01T05:00:00.000Z' },
    { name: 'weekly limit', duration_seconds: 604_800, used_percent: 40, resets_at: '2030-01-07T00:00:00.000Z' },
  ],
};

describe('fake usage probe', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const paths: string[] = [];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'agentpool-fake-usage-'));
    server = createServer((request, response) => {
      paths.push(request.url ?? '');
      if (request.url?.endsWith('fake-question')) {
        response.writeHead(429, { 'retry-after': '30' }).end('{}');
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ providers: { 'fake-completed': exhausted } }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('reads its windows from a loopback URL, per provider', async () => {
    const report = await provider.probeUsage!(context({ [FAKE_USAGE_URL_VARIABLE]: url }));
    expect(paths).toContain('/usage/fake-completed');
    expect(report.providerId).toBe('fake-completed');
    expect(report.windows.map((window) => [window.kind, window.remainingPercent, window.resetsAt])).toEqual([
      ['5h', 0, '2030-01-01T05:00:00.000Z'],
      ['weekly', 60, '2030-01-07T00:00:00.000Z'],
    ]);
    const limited = await createFakeProvider('question').probeUsage!(context({ [FAKE_USAGE_URL_VARIABLE]: url }));
    expect(limited).toMatchObject({ status: 'failed', windows: [] });
    expect(limited.warnings[0]).toContain('429');
  });

  it('reads a file, reports a malformed one as failed, and is unsupported when neither is set', async () => {
    const file = join(dir, 'usage.json');
    writeFileSync(file, JSON.stringify({ windows: [{ name: 'weekly limit', duration_seconds: 604_800, remaining_percent: 12 }] }));
    const weekly = await provider.probeUsage!(context({ [FAKE_USAGE_FILE_VARIABLE]: file }));
    expect(weekly.windows).toMatchObject([{ kind: 'weekly', remainingPercent: 12, usedPercent: 88, resetsAt: null }]);

    writeFileSync(file, '{"windows": [');
    expect(await provider.probeUsage!(context({ [FAKE_USAGE_FILE_VARIABLE]: file }))).toMatchObject({ status: 'failed' });
    expect(await provider.probeUsage!(context({}))).toMatchObject({ status: 'unsupported', windows: [] });
  });

  it('is slow when told to, and stops when its signal is aborted', async () => {
    const file = join(dir, 'slow.json');
    writeFileSync(file, JSON.stringify({ delay_ms: 60_000, windows: [] }));
    const controller = new AbortController();
    const probe = provider.probeUsage!(context({ [FAKE_USAGE_FILE_VARIABLE]: file }, controller.signal));
    setTimeout(() => controller.abort(new Error('budget spent')), 50);
    await expect(probe).rejects.toThrow();
  });
});
