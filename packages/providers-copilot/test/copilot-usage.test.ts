import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCopilotProvider, probeCopilotUsage } from '../src/index.js';

// Answers in the shape of GitHub's `GET /copilot_internal/user` (REFERENCE.md §4, as CodexBar and
// Copilot's own clients read it): `quota_reset_date`, `quota_snapshots.{premium_interactions,chat}`.
const TOKEN = 'gho_copilotTestToken0123456789';
const NOW = new Date('2026-12-01T06:00:00.000Z');

type Reply = { status?: number; headers?: Record<string, string>; body: string; hang?: boolean };
let reply: Reply;
let seen: IncomingHttpHeaders[] = [];
let server: Server;
let base: string;
let root: string;

const quota = (entitlement: number, remaining: number, percent: number, unlimited = false) => ({
  entitlement,
  remaining,
  percent_remaining: percent,
  unlimited,
  overage_permitted: false,
  quota_id: 'x',
});
const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'ap-copilot-usage-'));
  server = createServer((req, res) => {
    seen.push(req.headers);
    if (req.url !== '/copilot_internal/user') {
      res.writeHead(404).end('{}');
      return;
    }
    if (reply.hang) return; // never answers
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  rmSync(root, { recursive: true, force: true });
});
beforeEach(() => {
  seen = [];
});

/** A throwaway environment: no token of the real user, PATH only where the test says. */
function context(env: Record<string, string>, settingsEnv?: Record<string, string>): ProviderContext {
  return { env: { HOME: join(root, 'user'), PATH: join(root, 'empty-bin'), ...env }, home: root, settings: { env: settingsEnv } };
}
const probe = (env: Record<string, string> = { GH_TOKEN: TOKEN }) => probeCopilotUsage(context(env), { baseUrl: base, now: () => NOW });

describe('probeCopilotUsage', () => {
  it('reads premium requests as a monthly window with absolute requests, sending the token Copilot uses', async () => {
    reply = json({
      copilot_plan: 'individual',
      quota_reset_date: '2027-01-01',
      quota_snapshots: { premium_interactions: quota(300, 60, 20), chat: quota(0, 0, 100, true) },
    });
    const report = await probe();
    expect(report.status).toBe('ok');
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]).toMatchObject({
      name: 'premium_interactions',
      kind: 'monthly',
      usedPercent: 80,
      remainingPercent: 20,
      used: 240,
      limit: 300,
      unit: 'requests',
      resetsAt: '2027-01-01T00:00:00.000Z',
      confidence: 'official',
      source: 'copilot-internal-user',
    });
    expect(seen[0]?.authorization).toBe(`token ${TOKEN}`);
    const snapshot = snapshotFromReport(report, NOW);
    expect(snapshot).toMatchObject({ status: 'ok' });
    expect(snapshot.windows[0]).toMatchObject({ kind: 'monthly', scope: 'premium_interactions', remainingPercent: 20 });
  });

  it('keeps a negative percent_remaining (overage): the window is exhausted, never clamped to 0', async () => {
    reply = json({
      quota_reset_date: '2027-01-01',
      quota_snapshots: { premium_interactions: quota(300, -15, -5), chat: quota(50, 25, 50) },
    });
    const report = await probe();
    expect(report.windows.map((w) => [w.name, w.remainingPercent, w.usedPercent, w.used, w.limit])).toEqual([
      ['premium_interactions', -5, 105, 315, 300],
      ['chat', 50, 50, 25, 50],
    ]);
    expect(snapshotFromReport(report, NOW)).toMatchObject({ status: 'limit_reached' });
  });

  it('passes over a null snapshot; with none left it fails with the reason, never reads as full', async () => {
    reply = json({ quota_reset_date: '2027-01-01', quota_snapshots: { premium_interactions: null, chat: quota(50, 10, 20) } });
    expect((await probe()).windows.map((w) => w.name)).toEqual(['chat']);

    reply = json({ copilot_plan: 'free', quota_snapshots: { premium_interactions: null, chat: null } });
    const none = await probe();
    expect(none).toMatchObject({ status: 'failed', windows: [] });
    expect(snapshotFromReport(none, NOW)).toMatchObject({ status: 'error' });

    reply = json({ copilot_plan: 'free' });
    expect((await probe()).warnings[0]).toMatch(/no quota_snapshots \(plan free\)/);
  });

  it('a Free plan: chat and completions are metered, the zero-entitlement premium quota is no window (not an exhausted one)', async () => {
    // The post-2026-06 Free shape, as YapCap's notes record a real capture.
    reply = json({
      access_type_sku: 'free_limited_copilot',
      quota_reset_date: '2026-12-31',
      quota_reset_date_utc: '2027-01-01T00:00:00.000Z',
      quota_snapshots: {
        chat: { entitlement: 200, remaining: 150, percent_remaining: 75, has_quota: true, unlimited: false },
        completions: { entitlement: 2000, remaining: 2000, percent_remaining: 100, has_quota: true, unlimited: false },
        premium_interactions: { entitlement: 0, remaining: 0, percent_remaining: 0, has_quota: false, unlimited: false },
      },
    });
    const report = await probe();
    expect(report.windows.map((w) => [w.name, w.remainingPercent, w.used, w.limit, w.resetsAt])).toEqual([
      ['chat', 75, 50, 200, '2027-01-01T00:00:00.000Z'],
      ['completions', 100, 0, 2000, '2027-01-01T00:00:00.000Z'],
    ]);
    expect(snapshotFromReport(report, NOW).status).toBe('ok');
  });

  it('token-based billing: the premium quota counts credits, not requests', async () => {
    reply = json({
      token_based_billing: true,
      quota_reset_date_utc: '2027-01-01T00:00:00.000Z',
      quota_snapshots: { premium_interactions: quota(7000, 4200, 60), chat: quota(0, 0, 100, true) },
    });
    expect((await probe()).windows[0]).toMatchObject({ name: 'premium_interactions', used: 2800, limit: 7000, unit: 'credits' });
  });

  it('every quota unlimited: no limits', async () => {
    reply = json({ quota_snapshots: { premium_interactions: quota(0, 0, 100, true), chat: quota(0, 0, 100, true) } });
    expect(await probe()).toMatchObject({ status: 'no_limits', windows: [] });
  });

  it('429 with retry-after: failed with the retry time, not cached as fresh', async () => {
    reply = { status: 429, headers: { 'retry-after': '120' }, body: '{"message":"slow down"}' };
    const report = await probe();
    expect(report.status).toBe('failed');
    expect(report.warnings[0]).toContain('retry after 2026-12-01T06:02:00.000Z');
    expect(snapshotFromReport(report, NOW)).toMatchObject({ status: 'error', windows: [] });
  });

  it('malformed JSON: failed with the reason', async () => {
    reply = { body: '{"quota_snapshots": {"chat": ' };
    const report = await probe();
    expect(report.status).toBe('failed');
    expect(report.warnings[0]).toMatch(/malformed JSON \(HTTP 200\)/);
  });

  it('an endpoint that never answers is failed within the bound; an aborted probe says so', async () => {
    reply = { body: '', hang: true };
    const slow = await probeCopilotUsage(context({ GH_TOKEN: TOKEN }), { baseUrl: base, timeoutMs: 300 });
    expect(slow).toMatchObject({ status: 'failed', warnings: ['copilot_internal/user: no answer within 0.3 s'] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const aborted = await probeCopilotUsage({ ...context({ GH_TOKEN: TOKEN }), signal: controller.signal }, { baseUrl: base });
    expect(aborted).toMatchObject({ status: 'failed', warnings: ['copilot_internal/user: aborted'] });
  });

  it('a refused token is unauthenticated, and the token never appears in what is reported', async () => {
    reply = { status: 401, body: JSON.stringify({ message: `Bad credentials: token ${TOKEN}` }) };
    const report = await probe();
    expect(report.status).toBe('unauthenticated');
    expect(report.warnings[0]).toMatch(/GH_TOKEN does not allow reading Copilot quotas: HTTP 401/);
    expect(JSON.stringify(report)).not.toContain(TOKEN);
  });

  it('without a token it asks `gh auth token` (bounded), and says why when there is none', async () => {
    const bin = join(root, 'bin-gh');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'gh'), `#!/bin/sh\n[ "$1 $2" = "auth token" ] && echo ${TOKEN}\n`);
    chmodSync(join(bin, 'gh'), 0o755);
    reply = json({ quota_reset_date: '2027-01-01', quota_snapshots: { premium_interactions: quota(300, 300, 100) } });
    const viaGh = await probeCopilotUsage(context({ PATH: bin }), { baseUrl: base, now: () => NOW });
    expect(viaGh).toMatchObject({ status: 'ok' });
    expect(seen[0]?.authorization).toBe(`token ${TOKEN}`);

    const none = await probeCopilotUsage(context({}), { baseUrl: base });
    expect(none.status).toBe('unauthenticated');
    expect(none.warnings[0]).toMatch(/no token in .*GH_TOKEN.*GitHub CLI \(gh\) could not be run \(ENOENT\)/);

    const hanging = join(root, 'bin-hang');
    mkdirSync(hanging, { recursive: true });
    writeFileSync(join(hanging, 'gh'), '#!/bin/sh\nexec /usr/bin/sleep 30\n');
    chmodSync(join(hanging, 'gh'), 0o755);
    const slow = await probeCopilotUsage(context({ PATH: hanging }), { baseUrl: base, ghTimeoutMs: 300 });
    expect(slow.warnings[0]).toMatch(/`gh auth token` gave no answer within 0.3 s/);
    expect(seen).toHaveLength(1);
  });

  it('for an account only its own token counts: never the caller’s token or gh’s default login', async () => {
    reply = json({ quota_reset_date: '2027-01-01', quota_snapshots: { chat: quota(50, 40, 80) } });
    const account = (env: Record<string, string>) => ({
      ...context({ GH_TOKEN: 'gho_callersOwnToken0123456789' }),
      account: { id: 'work', env },
    });
    const without = await probeCopilotUsage(account({}), { baseUrl: base });
    expect(without.status).toBe('unsupported');
    expect(without.warnings[0]).toMatch(/account work sets no .* GH_CONFIG_DIR/);
    expect(seen).toHaveLength(0);

    const own = await probeCopilotUsage(account({ COPILOT_GITHUB_TOKEN: TOKEN }), { baseUrl: base });
    expect(own).toMatchObject({ status: 'ok', accountId: 'work' });
    expect(seen[0]?.authorization).toBe(`token ${TOKEN}`);
  });

  it('the adapter probes the base URL from provider settings (factory option, or the provider env)', async () => {
    reply = json({ quota_reset_date: '2027-01-01', quota_snapshots: { chat: quota(50, 40, 80) } });
    const viaFactory = await createCopilotProvider({ usageBaseUrl: base }).probeUsage?.(context({ COPILOT_GITHUB_TOKEN: TOKEN }));
    expect(viaFactory?.windows[0]).toMatchObject({ name: 'chat', remainingPercent: 80 });
    const viaEnv = await createCopilotProvider().probeUsage?.(context({ GITHUB_TOKEN: TOKEN }, { AGENTPOOL_COPILOT_USAGE_URL: base }));
    expect(viaEnv?.status).toBe('ok');
    expect(seen).toHaveLength(2);
  });
});
