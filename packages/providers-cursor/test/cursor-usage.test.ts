import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCursorProvider, probeCursorUsage } from '../src/index.js';

// Answers in the shape of cursor.com's `GET /api/usage-summary` (REFERENCE.md §4: `billingCycleStart/End`,
// `individualUsage.plan{used, limit, remaining, totalPercentUsed}`; amounts in US cents, as the
// openusage and CodexBar readers of it document).
const USER = 'user_01TESTUSER';
const jwt = (sub: string, exp = 9999999999) =>
  `${Buffer.from('{"alg":"HS256"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub, exp })).toString('base64url')}.signaturepart0123`;
const TOKEN = jwt(`auth0|${USER}`);
const NOW = new Date('2026-12-01T06:00:00.000Z');

type Reply = { status?: number; headers?: Record<string, string>; body: string };
let reply: Reply;
let seen: IncomingHttpHeaders[] = [];
let server: Server;
let base: string;
let root: string;

const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });
const summary = (plan: Record<string, unknown> | null, extra: Record<string, unknown> = {}) => ({
  billingCycleStart: '2026-11-15T00:00:00.000Z',
  billingCycleEnd: '2026-12-15T00:00:00.000Z',
  membershipType: 'pro',
  limitType: 'user',
  individualUsage: { plan, onDemand: { enabled: false, used: 0, limit: null, remaining: null } },
  ...extra,
});

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ap-cursor-usage-'));
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url !== '/api/usage-summary') {
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

/** A throwaway home with a cursor-agent login (`~/.config/cursor/auth.json`) when given. */
function home(name: string, auth?: string): string {
  const user = join(root, name);
  mkdirSync(join(user, '.config', 'cursor'), { recursive: true });
  if (auth !== undefined) writeFileSync(join(user, '.config', 'cursor', 'auth.json'), auth);
  return user;
}
const loggedIn = () => home('logged-in', JSON.stringify({ accessToken: TOKEN, refreshToken: TOKEN }));
function context(user: string, env: Record<string, string> = {}, settingsEnv?: Record<string, string>): ProviderContext {
  return { env: { HOME: user, ...env }, home: root, settings: { env: settingsEnv } };
}
const probe = (user = loggedIn(), env: Record<string, string> = {}) =>
  probeCursorUsage(context(user, env), { baseUrl: base, now: () => NOW });

describe('probeCursorUsage', () => {
  it('reads the plan as a monthly window over the billing cycle, in dollars, with the session cookie', async () => {
    reply = json(summary({ enabled: true, used: 1116, limit: 2000, remaining: 884, totalPercentUsed: 55.8 }));
    const report = await probe();
    expect(report.status).toBe('ok');
    expect(report.windows[0]).toMatchObject({
      name: 'plan',
      kind: 'monthly',
      usedPercent: 55.8,
      remainingPercent: 44.2,
      used: 11.16,
      limit: 20,
      unit: 'usd',
      resetsAt: '2026-12-15T00:00:00.000Z',
    });
    expect(seen[0]?.cookie).toBe(`WorkosCursorSessionToken=${USER}%3A%3A${TOKEN}`);
  });

  it('without totalPercentUsed the share comes from used/limit; overspent stays above 100 %', async () => {
    reply = json(summary({ enabled: true, used: 2400, limit: 2000, remaining: -400 }));
    const report = await probe();
    expect(report.windows[0]).toMatchObject({ usedPercent: 120, remainingPercent: -20, used: 24, limit: 20 });
    expect(snapshotFromReport(report, NOW).status).toBe('limit_reached');
  });

  it('a null plan or a negative share is failed, never full; isUnlimited is no limits', async () => {
    reply = json(summary(null));
    const none = await probe();
    expect(none).toMatchObject({ status: 'failed', windows: [] });
    expect(snapshotFromReport(none, NOW).status).toBe('error');
    reply = json(summary({ enabled: true, used: 0, limit: 2000, totalPercentUsed: -3 }));
    expect((await probe()).warnings[0]).toMatch(/outside any window/);
    reply = json(summary(null, { isUnlimited: true }));
    expect(await probe()).toMatchObject({ status: 'no_limits' });
  });

  it('429 with retry-after and malformed JSON: failed with the reason', async () => {
    reply = { status: 429, headers: { 'retry-after': 'Tue, 01 Dec 2026 06:05:00 GMT' }, body: '' };
    expect((await probe()).warnings).toEqual(['api/usage-summary: rate limited (HTTP 429), retry after 2026-12-01T06:05:00.000Z']);
    reply = { body: '{"individualUsage":' };
    expect((await probe()).warnings[0]).toMatch(/^api\/usage-summary: malformed JSON/);
  });

  it('a refused login is unauthenticated and the token is never shown', async () => {
    reply = { status: 401, body: `{"error":"bad session ${TOKEN}"}` };
    const report = await probe();
    expect(report.status).toBe('unauthenticated');
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('no credentials, an API key only, an unreadable auth.json: reported with the reason, nothing sent', async () => {
    expect(await probe(home('nobody'))).toMatchObject({ status: 'unauthenticated' });
    const apiKey = await probe(home('api-key'), { CURSOR_API_KEY: 'key_test0123456789' });
    expect(apiKey.status).toBe('unsupported');
    expect(apiKey.warnings[0]).toMatch(/API key does not open usage-summary/);
    expect(snapshotFromReport(apiKey, NOW).status).toBe('unknown');
    const broken = await probe(home('broken', '{"accessToken": "abc'));
    expect(broken).toMatchObject({ status: 'failed' });
    expect(broken.warnings[0]).toMatch(/auth.json is not readable JSON/);
    const expired = await probe(home('expired', JSON.stringify({ accessToken: jwt(`auth0|${USER}`, NOW.getTime() / 1000 - 60) })));
    expect(expired.status).toBe('unsupported');
    expect(expired.warnings[0]).toMatch(/expired at 2026-12-01T05:59:00.000Z; cursor-agent renews it/);
    expect(seen).toHaveLength(0);
  });

  it('the adapter probes the base URL from provider settings (factory option, or the provider env)', async () => {
    reply = json(summary({ enabled: true, used: 100, limit: 2000, totalPercentUsed: 5 }));
    expect((await createCursorProvider({ usageBaseUrl: base }).probeUsage?.(context(loggedIn())))?.status).toBe('ok');
    const viaEnv = await createCursorProvider().probeUsage?.(context(loggedIn(), {}, { AGENTPOOL_CURSOR_USAGE_URL: base }));
    expect(viaEnv?.windows[0]).toMatchObject({ remainingPercent: 95 });
    expect(seen).toHaveLength(2);
  });
});
