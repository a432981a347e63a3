import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDroidProvider, probeDroidUsage } from '../src/index.js';

// Answers in the shape of Factory's `GET /api/billing/limits` (REFERENCE.md §4, and as Droid 0.225.2
// reads it: `limits.standard|core.{fiveHour,weekly,monthly}{usedPercent, windowEnd, secondsRemaining}`).
const KEY = 'fk-droidTestKey0123456789';
const NOW = new Date('2026-12-01T06:00:00.000Z');

type Reply = { status?: number; headers?: Record<string, string>; body: string };
let reply: Reply;
let seen: IncomingHttpHeaders[] = [];
let server: Server;
let base: string;
let root: string;

const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });
const bucket = (usedPercent: number, windowEnd: string | null, secondsRemaining?: number) => ({ usedPercent, windowEnd, secondsRemaining });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ap-droid-usage-'));
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url !== '/api/billing/limits') {
      res.writeHead(404).end('{}');
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
});

/** A throwaway home: never the real user's Factory login. */
function context(env: Record<string, string>, settingsEnv?: Record<string, string>): ProviderContext {
  return { env: { HOME: join(root, 'user'), ...env }, home: root, settings: { env: settingsEnv } };
}
const probe = (env: Record<string, string> = { FACTORY_API_KEY: KEY }) => probeDroidUsage(context(env), { baseUrl: base, now: () => NOW });

describe('probeDroidUsage', () => {
  it('reads five-hour, weekly and monthly windows, classified by length, with their ends', async () => {
    reply = json({
      limits: {
        standard: {
          fiveHour: bucket(42.5, '2026-12-01T08:00:00.000Z', 7200),
          weekly: bucket(16, '2026-12-05T00:00:00.000Z'),
          monthly: bucket(3, '2026-12-31T00:00:00.000Z'),
        },
      },
    });
    const report = await probe();
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.name, w.kind, w.usedPercent, w.remainingPercent, w.resetsAt])).toEqual([
      ['standard fiveHour', '5h', 42.5, 57.5, '2026-12-01T08:00:00.000Z'],
      ['standard weekly', 'weekly', 16, 84, '2026-12-05T00:00:00.000Z'],
      ['standard monthly', 'monthly', 3, 97, '2026-12-31T00:00:00.000Z'],
    ]);
    expect(seen[0]?.authorization).toBe(`Bearer ${KEY}`);
    expect(snapshotFromReport(report, NOW).status).toBe('ok');
  });

  it('an exhausted or overspent window stays so (used above 100 → remaining negative); the reset comes from secondsRemaining when windowEnd is absent', async () => {
    reply = json({ limits: { standard: { fiveHour: bucket(112, null, 600), weekly: null, monthly: null } } });
    const report = await probe();
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]).toMatchObject({ kind: '5h', usedPercent: 112, remainingPercent: -12, resetsAt: '2026-12-01T06:10:00.000Z' });
    expect(snapshotFromReport(report, NOW)).toMatchObject({ status: 'limit_reached' });
  });

  it('a window whose end has passed has reset: 0 % used, as Droid shows it', async () => {
    reply = json({ limits: { standard: { fiveHour: bucket(100, '2026-12-01T05:00:00.000Z') } } });
    const report = await probe();
    expect(report.windows[0]).toMatchObject({ usedPercent: 0, remainingPercent: 100, resetsAt: null });
    expect(report.warnings[0]).toMatch(/ended at 2026-12-01T05:00:00.000Z/);
  });

  it('null windows and a negative usedPercent are not read as full', async () => {
    reply = json({ limits: { standard: { fiveHour: null, weekly: null, monthly: null }, core: null } });
    const none = await probe();
    expect(none.status).toBe('failed');
    expect(snapshotFromReport(none, NOW)).toMatchObject({ status: 'error', windows: [] });

    reply = json({ limits: { standard: { fiveHour: bucket(-5, '2026-12-01T08:00:00.000Z') } } });
    const negative = await probe();
    expect(negative.status).toBe('failed');
    expect(negative.warnings[0]).toMatch(/outside any window/);
  });

  it('429 with retry-after: failed with the retry time', async () => {
    reply = { status: 429, headers: { 'retry-after': '30' }, body: '{}' };
    const report = await probe();
    expect(report).toMatchObject({ status: 'failed', windows: [] });
    expect(report.warnings[0]).toBe('api/billing/limits: rate limited (HTTP 429), retry after 2026-12-01T06:00:30.000Z');
  });

  it('malformed JSON: failed with the reason', async () => {
    reply = { body: '<html>gateway</html>' };
    const report = await probe();
    expect(report.status).toBe('failed');
    expect(report.warnings[0]).toMatch(/malformed JSON/);
  });

  it('a refused key is unauthenticated and never shown', async () => {
    reply = { status: 401, body: JSON.stringify({ error: `invalid key ${KEY}` }) };
    const report = await probe();
    expect(report.status).toBe('unauthenticated');
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('no credentials: unauthenticated; only the encrypted stored login: unknown with the reason, nothing sent', async () => {
    const none = await probe({});
    expect(none).toMatchObject({ status: 'unauthenticated', warnings: ['no FACTORY_API_KEY and no stored Droid login'] });

    const home = join(root, 'with-login');
    mkdirSync(join(home, '.factory'), { recursive: true });
    writeFileSync(join(home, '.factory', 'auth.v2.file'), 'not-a-real-login');
    const stored = await probe({ HOME: home });
    expect(stored.status).toBe('unsupported');
    expect(stored.warnings[0]).toMatch(/auth\.v2\.file\) is encrypted by Droid .* set FACTORY_API_KEY/);
    expect(snapshotFromReport(stored, NOW)).toMatchObject({ status: 'unknown' });
    expect(seen).toHaveLength(0);
  });

  it('for an account only its own key counts, never the caller’s', async () => {
    reply = json({ limits: { standard: { weekly: bucket(10, '2026-12-05T00:00:00.000Z') } } });
    const account = (env: Record<string, string>) => ({
      ...context({ FACTORY_API_KEY: 'fk-callersOwnKey0123456789' }),
      account: { id: 'work', env },
    });
    expect(await probeDroidUsage(account({}), { baseUrl: base })).toMatchObject({ status: 'unauthenticated', accountId: 'work' });
    expect(seen).toHaveLength(0);
    expect(await probeDroidUsage(account({ FACTORY_API_KEY: KEY }), { baseUrl: base })).toMatchObject({ status: 'ok', accountId: 'work' });
    expect(seen[0]?.authorization).toBe(`Bearer ${KEY}`);
  });

  it('the adapter probes the base URL from provider settings (factory option, or the provider env)', async () => {
    reply = json({ limits: { standard: { weekly: bucket(50, '2026-12-05T00:00:00.000Z') } } });
    expect((await createDroidProvider({ usageBaseUrl: base }).probeUsage?.(context({ FACTORY_API_KEY: KEY })))?.status).toBe('ok');
    const viaEnv = await createDroidProvider().probeUsage?.(context({}, { FACTORY_API_KEY: KEY, AGENTPOOL_DROID_USAGE_URL: base }));
    expect(viaEnv?.windows[0]).toMatchObject({ kind: 'weekly', remainingPercent: 50 });
    expect(seen).toHaveLength(2);
  });
});
