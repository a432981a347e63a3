import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createDevinProvider, probeDevinUsage } from '../src/index.js';

// REFERENCE.md §4 names Devin's daily and weekly percentages with resets but no endpoint the CLI's
// login opens. The shape here is the read-only `GetUserStatus` Connect-RPC call made with the CLI's
// `credentials.toml` (`windsurf_api_key`, `api_server_url`), as documented by devin-cli-usage
// (pypi.org/project/devin-cli-usage) and read by CodexBar/OpenUsage:
// `userStatus.planStatus.{daily,weekly}QuotaRemainingPercent`, `{daily,weekly}QuotaResetAtUnix`.
const KEY = 'sk-ws-01-devinTestKey0123456789';
const NOW = new Date('2026-12-01T06:00:00.000Z');
const DAILY_RESET = 1796169600; // 2026-12-02T00:00:00Z
const WEEKLY_RESET = 1796515200; // 2026-12-06T00:00:00Z

type Reply = { status?: number; headers?: Record<string, string>; body: string };
let reply: Reply;
let seen: { url: string; headers: IncomingHttpHeaders; body: string }[] = [];
let server: Server;
let base: string;
let root: string;

const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });
const status = (planStatus: Record<string, unknown>) => json({ userStatus: { name: 'x', planStatus } });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ap-devin-usage-'));
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    req.on('end', () => {
      seen.push({ url: req.url ?? '', headers: req.headers, body });
      if (req.url !== '/exa.seat_management_pb.SeatManagementService/GetUserStatus' || req.method !== 'POST') {
        res.writeHead(404).end('{}');
        return;
      }
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
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

/** A throwaway home with a Devin login (`~/.local/share/devin/credentials.toml`) when given. */
function home(name: string, credentials?: string): string {
  const user = join(root, name);
  mkdirSync(join(user, '.local', 'share', 'devin'), { recursive: true });
  if (credentials !== undefined) writeFileSync(join(user, '.local', 'share', 'devin', 'credentials.toml'), credentials);
  return user;
}
const loggedIn = () => home('logged-in', `windsurf_api_key = "${KEY}"\napi_server_url = "${base}"\n`);
function context(user: string, settingsEnv?: Record<string, string>): ProviderContext {
  return { env: { HOME: user }, home: root, settings: { env: settingsEnv } };
}
const probe = (user = loggedIn()) => probeDevinUsage(context(user), { now: () => NOW });

describe('probeDevinUsage', () => {
  it('reads daily and weekly windows from the server the credentials name, with their resets', async () => {
    reply = status({
      planInfo: { planName: 'Pro' },
      dailyQuotaRemainingPercent: 60,
      dailyQuotaResetAtUnix: String(DAILY_RESET),
      weeklyQuotaRemainingPercent: 25,
      weeklyQuotaResetAtUnix: WEEKLY_RESET,
    });
    const report = await probe();
    expect(report.status).toBe('ok');
    expect(report.windows.map((w) => [w.name, w.kind, w.usedPercent, w.remainingPercent, w.resetsAt])).toEqual([
      ['daily', 'daily', 40, 60, '2026-12-02T00:00:00.000Z'],
      ['weekly', 'weekly', 75, 25, '2026-12-06T00:00:00.000Z'],
    ]);
    expect(JSON.parse(seen[0]?.body ?? '{}').metadata.apiKey).toBe(KEY);
    expect(seen[0]?.headers['connect-protocol-version']).toBe('1');
  });

  it('a window left out beside its reset is 0 % left (proto3 omits zero); a hidden daily quota is no window', async () => {
    reply = status({ dailyQuotaResetAtUnix: DAILY_RESET, weeklyQuotaRemainingPercent: 50, weeklyQuotaResetAtUnix: WEEKLY_RESET });
    const report = await probe();
    expect(report.windows.map((w) => [w.name, w.remainingPercent])).toEqual([
      ['daily', 0],
      ['weekly', 50],
    ]);
    expect(snapshotFromReport(report, NOW)).toMatchObject({ status: 'limit_reached' });

    reply = status({ planInfo: { hideDailyQuota: true }, weeklyQuotaRemainingPercent: 80, weeklyQuotaResetAtUnix: WEEKLY_RESET });
    expect((await probe()).windows.map((w) => w.name)).toEqual(['weekly']);
  });

  it('a negative remaining percentage (overage) is kept; null windows are failed, never full', async () => {
    reply = status({ dailyQuotaRemainingPercent: -5, dailyQuotaResetAtUnix: DAILY_RESET });
    expect((await probe()).windows[0]).toMatchObject({ remainingPercent: -5, usedPercent: 105 });

    reply = status({ dailyQuotaRemainingPercent: null, weeklyQuotaRemainingPercent: null });
    const none = await probe();
    expect(none).toMatchObject({ status: 'failed', windows: [] });
    expect(snapshotFromReport(none, NOW).status).toBe('error');
    reply = json({ userStatus: null });
    expect((await probe()).warnings[0]).toMatch(/no userStatus.planStatus/);
  });

  it('429 with retry-after and malformed JSON: failed with the reason', async () => {
    reply = { status: 429, headers: { 'retry-after': '90' }, body: '' };
    expect((await probe()).warnings).toEqual(['GetUserStatus: rate limited (HTTP 429), retry after 2026-12-01T06:01:30.000Z']);
    reply = { body: '{"userStatus": {' };
    expect((await probe()).warnings[0]).toMatch(/^GetUserStatus: malformed JSON/);
  });

  it('a refused key is unauthenticated and never shown', async () => {
    reply = { status: 401, body: `{"code":"unauthenticated","message":"bad api key ${KEY}"}` };
    const report = await probe();
    expect(report.status).toBe('unauthenticated');
    expect(JSON.stringify(report)).not.toContain(KEY);
  });

  it('no credentials, a login without an API key, an unreadable file: reported with the reason, nothing sent', async () => {
    expect(await probe(home('nobody'))).toMatchObject({ status: 'unauthenticated' });
    const noKey = await probe(home('no-key', 'api_server_url = "https://example.invalid"\n'));
    expect(noKey.status).toBe('unsupported');
    expect(snapshotFromReport(noKey, NOW).status).toBe('unknown');
    // A folder where the file should be: unreadable for any user (root included).
    const broken = home('broken');
    mkdirSync(join(broken, '.local', 'share', 'devin', 'credentials.toml'));
    const unreadable = await probe(broken);
    expect(unreadable).toMatchObject({ status: 'failed' });
    expect(unreadable.warnings[0]).toMatch(/credentials.toml could not be read \(EISDIR\)/);
    expect(seen).toHaveLength(0);
  });

  it('the adapter probes the base URL from provider settings (factory option, or the provider env)', async () => {
    reply = status({ weeklyQuotaRemainingPercent: 40, weeklyQuotaResetAtUnix: WEEKLY_RESET });
    const elsewhere = home('elsewhere', `windsurf_api_key = "${KEY}"\napi_server_url = "http://127.0.0.1:9"\n`);
    expect((await createDevinProvider({ usageBaseUrl: base }).probeUsage?.(context(elsewhere)))?.status).toBe('ok');
    const viaEnv = await createDevinProvider().probeUsage?.(context(elsewhere, { AGENTPOOL_DEVIN_USAGE_URL: base }));
    expect(viaEnv?.windows[0]).toMatchObject({ kind: 'weekly', remainingPercent: 40 });
    expect(seen).toHaveLength(2);
  });
});
