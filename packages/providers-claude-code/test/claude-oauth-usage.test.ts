import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { snapshotFromReport } from '@agentpool/usage';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  ClaudeUsageBackoff,
  createClaudeCodeProvider,
  parseClaudeOAuthUsage,
  probeClaudeOAuthUsage,
  probeClaudeUsage,
  readClaudeOAuthToken,
} from '../src/index.js';

// A throwaway token in a throwaway home: never a real user's credentials.
const TOKEN = 'sk-ant-oat01-test-token-9f8e7d6c5b4a';
const IN_2H = new Date(Date.now() + 2 * 3600_000).toISOString();
const IN_3D = new Date(Date.now() + 3 * 86_400_000).toISOString();

type Reply = { status: number; headers?: Record<string, string>; body: string };
let reply: Reply = { status: 200, body: '{}' };
const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let baseUrl: string;
let root: string;
let configDir: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});
beforeEach(() => {
  seen.length = 0;
  root = mkdtempSync(join(tmpdir(), 'claude-usage-'));
  configDir = join(root, 'claude');
  mkdirSync(configDir);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function storeToken(extra: Record<string, unknown> = {}): void {
  const credentials = {
    claudeAiOauth: {
      accessToken: TOKEN,
      refreshToken: 'sk-ant-ort01-refresh',
      expiresAt: Date.now() + 3600_000,
      scopes: ['user:inference', 'user:profile'],
      subscriptionType: 'max',
      ...extra,
    },
  };
  writeFileSync(join(configDir, '.credentials.json'), JSON.stringify(credentials), { mode: 0o600 });
}

const answer = (body: unknown, status = 200, headers: Record<string, string> = {}): void => {
  reply = { status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) };
};

const probe = (backoff?: ClaudeUsageBackoff, apiKeyInEnv = false) =>
  probeClaudeOAuthUsage({ configDir, baseUrl, apiKeyInEnv, timeoutMs: 5000, backoff });

/** The endpoint's answer for a Max plan, in the shape REFERENCE.md §4 gives. */
const MAX_PLAN = {
  five_hour: { utilization: 42, resets_at: IN_2H },
  seven_day: { utilization: 16, resets_at: IN_3D },
  // Third-party apps' weekly limit: not a limit on Claude Code's own use, so never a window.
  seven_day_oauth_apps: { utilization: 100, resets_at: IN_3D },
  seven_day_opus: { utilization: 5, resets_at: IN_3D },
  seven_day_sonnet: null,
  extra_usage: { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null, currency: null },
};

describe('Claude OAuth usage endpoint', () => {
  it('reads five_hour, seven_day and seven_day_* with the stored token, sent only as the bearer', async () => {
    storeToken();
    answer(MAX_PLAN);
    const result = await probe();
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.windows.map((w) => [w.name, w.kind, w.scope, w.usedPercent, w.remainingPercent, w.resetsAt, w.confidence])).toEqual([
      ['five_hour', '5h', null, 42, 58, IN_2H, 'official'],
      ['seven_day', 'weekly', null, 16, 84, IN_3D, 'official'],
      ['seven_day_opus', 'weekly', 'opus', 5, 95, IN_3D, 'official'],
    ]);
    expect(result.warnings).toEqual([]);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('/api/oauth/usage');
    expect(seen[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]?.headers['anthropic-beta']).toBe('oauth-2025-04-20');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('takes the weekly figure from limits[] when seven_day reads 100 %, keeping the 100 in the provenance', async () => {
    storeToken();
    answer({
      ...MAX_PLAN,
      seven_day: { utilization: 100, resets_at: IN_3D },
      limits: [
        { kind: 'session', group: 'session', percent: 42, resets_at: IN_2H, scope: null, is_active: true },
        { kind: 'weekly_all', group: 'weekly', percent: 37, resets_at: IN_3D, scope: null, is_active: true },
        {
          kind: 'weekly_scoped',
          group: 'weekly',
          percent: 9,
          // Claude 2.1.197 also reads a limit's resets_at as Unix seconds.
          resets_at: Math.floor(Date.parse(IN_3D) / 1000),
          scope: { model: { display_name: 'Sonnet' } },
          is_active: true,
        },
      ],
    });
    const result = await probe();
    if (result.status !== 'ok') throw new Error(result.status);
    const byKey = Object.fromEntries(result.windows.map((w) => [`${w.kind}/${w.scope ?? ''}`, w]));
    expect(Object.keys(byKey).sort()).toEqual(['5h/', 'weekly/', 'weekly/opus', 'weekly/sonnet']);
    expect(byKey['weekly/']?.usedPercent).toBe(37);
    expect(byKey['weekly/']?.remainingPercent).toBe(63);
    expect(byKey['weekly/']?.provenance.map((p) => p.usedPercent)).toEqual([undefined, 100]);
    expect(byKey['5h/']?.usedPercent).toBe(42);
    expect(byKey['5h/']?.provenance).toHaveLength(1);
    expect(byKey['weekly/sonnet']?.usedPercent).toBe(9);
    expect(byKey['weekly/sonnet']?.resetsAt).toBe(new Date(Math.floor(Date.parse(IN_3D) / 1000) * 1000).toISOString());
    expect(result.warnings).toEqual(['seven_day reads 100 %, limits.weekly_all 37 %: kept limits.weekly_all']);
  });

  it('reads a weekly-only plan as weekly, though its window comes first', async () => {
    storeToken();
    answer({
      five_hour: null,
      seven_day: { utilization: 30, resets_at: IN_3D },
      limits: [{ kind: 'weekly_all', percent: 30, resets_at: IN_3D }],
    });
    const result = await probe();
    if (result.status !== 'ok') throw new Error(result.status);
    expect(result.windows.map((w) => [w.kind, w.usedPercent])).toEqual([['weekly', 30]]);
  });

  it('keeps 0 % as 0 and a window with an unreadable figure out, with a warning', async () => {
    storeToken();
    answer({
      five_hour: { utilization: 0, resets_at: IN_2H },
      seven_day: { utilization: 'lots', resets_at: IN_3D },
      // A null utilization is no window, as Claude's own /usage screen reads it.
      seven_day_opus: { utilization: null, resets_at: null },
    });
    const result = await probe();
    if (result.status !== 'ok') throw new Error(result.status);
    expect(result.windows.map((w) => [w.kind, w.usedPercent, w.remainingPercent])).toEqual([['5h', 0, 100]]);
    expect(result.warnings).toEqual(['window "seven_day" from claude-oauth-usage: usedPercent is not a finite number']);
  });

  it('reports all-null windows as unknown with a reason, never as full', async () => {
    storeToken();
    answer({ five_hour: null, seven_day: null, seven_day_opus: null, seven_day_sonnet: null, extra_usage: null });
    const result = await probe();
    expect(result.status).toBe('unsupported');
    expect(result.warnings[0]).toContain('no windows');
    const snapshot = snapshotFromReport(
      { providerId: 'claude-code', windows: [], warnings: result.warnings, status: 'unsupported' },
      new Date(),
    );
    expect(snapshot.status).toBe('unknown');
  });

  it('backs off on 429 with retry-after 0 and asks no more until then', async () => {
    storeToken();
    answer('{"error":{"type":"rate_limit_error"}}', 429, { 'retry-after': '0' });
    const backoff = new ClaudeUsageBackoff();
    const before = Date.now();
    const first = await probe(backoff);
    expect(first.status).toBe('rate_limited');
    if (first.status !== 'rate_limited') return;
    expect(Date.parse(first.retryAt)).toBeGreaterThanOrEqual(before + 60_000 - 1000);
    const second = await probe(backoff);
    expect(second).toMatchObject({ status: 'rate_limited', retryAt: first.retryAt });
    expect(seen).toHaveLength(1);
    expect(JSON.stringify([first, second])).not.toContain(TOKEN);
  });

  it('honours a longer retry-after', async () => {
    storeToken();
    answer('', 429, { 'retry-after': '900' });
    const before = Date.now();
    const result = await probe(new ClaudeUsageBackoff());
    if (result.status !== 'rate_limited') throw new Error(result.status);
    expect(Date.parse(result.retryAt) - before).toBeGreaterThanOrEqual(899_000);
    expect(result.warnings[0]).toContain('HTTP 429');
  });

  it('reports malformed JSON as a failure with no window and no token', async () => {
    storeToken();
    answer(`{"five_hour": {"utilization": 4`);
    const result = await probe();
    expect(result.status).toBe('failed');
    expect(result.warnings[0]).toContain('malformed JSON');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('reads a refused token (401) as unauthenticated', async () => {
    storeToken();
    answer(`{"error":{"message":"invalid token ${TOKEN}"}}`, 401);
    const result = await probe();
    expect(result.status).toBe('unauthenticated');
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('does not send an expired token', async () => {
    storeToken({ expiresAt: Date.now() - 1000 });
    const result = await probe();
    expect(result.status).toBe('unauthenticated');
    expect(seen).toHaveLength(0);
  });

  it('reports an unreadable credentials file as a failure naming the file, not its contents', async () => {
    // Tests run as root, where mode 000 still reads: a folder in the file's place cannot be read by anyone.
    mkdirSync(join(configDir, '.credentials.json'));
    const folder = await probe();
    expect(folder).toEqual({ status: 'failed', warnings: [`${join(configDir, '.credentials.json')} cannot be read (EISDIR)`] });
    rmSync(join(configDir, '.credentials.json'), { recursive: true });
    writeFileSync(join(configDir, '.credentials.json'), `{"claudeAiOauth":{"accessToken":"${TOKEN}"`);
    const truncated = await probe();
    expect(truncated.status).toBe('failed');
    expect(truncated.warnings[0]).toContain('is not valid JSON');
    expect(JSON.stringify(truncated)).not.toContain(TOKEN);
    writeFileSync(join(configDir, '.credentials.json'), '{"claudeAiOauth":{}}');
    expect((await readClaudeOAuthToken(configDir)).kind).toBe('unreadable');
    expect(seen).toHaveLength(0);
  });

  it('without credentials says why: not signed in, or an API key (no subscription windows)', async () => {
    expect(await probe()).toMatchObject({ status: 'unauthenticated' });
    const apiKey = await probe(undefined, true);
    expect(apiKey.status).toBe('unsupported');
    expect(apiKey.warnings[0]).toContain('API-key users have no subscription usage windows');
    expect(seen).toHaveLength(0);
  });

  it('parses kinds by duration and ignores inactive or unknown limits with a warning', () => {
    const parsed = parseClaudeOAuthUsage(
      {
        limits: [
          { kind: 'weekly_all', percent: 50, resets_at: IN_3D, is_active: false },
          { kind: 'monthly_magic', percent: 1 },
          { kind: 'session', percent: 101, resets_at: IN_2H },
        ],
      },
      new Date(),
    );
    expect(parsed.windows.map((w) => [w.kind, w.usedPercent, w.remainingPercent])).toEqual([['5h', 101, -1]]);
    expect(parsed.warnings).toHaveLength(1);
    expect(parseClaudeOAuthUsage([1, 2], new Date()).warnings).toEqual(['the usage answer is not a JSON object']);
  });
});

describe('claude-code probeUsage', () => {
  const context = (env: Record<string, string>, account?: ProviderContext['account']): ProviderContext => ({
    env: { HOME: join(root, 'user'), PATH: '/usr/bin:/bin' },
    home: join(root, 'agentpool'),
    settings: { env },
    account,
  });

  it('reads the account home through the base URL set in provider settings', async () => {
    storeToken();
    answer(MAX_PLAN);
    // With the endpoint's 5-hour figure the local logs are not scanned: this corrupt one says nothing.
    mkdirSync(join(configDir, 'projects', '-tmp-repo'), { recursive: true });
    writeFileSync(join(configDir, 'projects', '-tmp-repo', 's.jsonl'), '{"broken\n');
    const adapter = createClaudeCodeProvider();
    const report = await adapter.probeUsage?.(
      context({ AGENTPOOL_CLAUDE_USAGE_BASE_URL: baseUrl }, { id: 'work', home: configDir, env: {} }),
    );
    expect(report).toMatchObject({ providerId: 'claude-code', accountId: 'work', status: 'ok', warnings: [] });
    expect(report?.windows.map((w) => [w.kind, w.usedPercent])).toEqual([
      ['5h', 42],
      ['weekly', 16],
      ['weekly', 5],
    ]);
    const snapshot = snapshotFromReport(report!, new Date());
    expect(snapshot.status).toBe('ok');
  });

  it('a 429 with nothing else to read is a failed report with the retry time first, and a later run asks no more until it', async () => {
    storeToken();
    answer('', 429, { 'retry-after': '0' });
    const ctx = context({}, { id: 'work', home: configDir, env: {} });
    const report = await createClaudeCodeProvider({ usageBaseUrl: baseUrl }).probeUsage?.(ctx);
    expect(report?.status).toBe('failed');
    expect(report?.warnings[0]).toMatch(/^claude-oauth-usage: the usage endpoint answered HTTP 429: backing off until /);
    expect(snapshotFromReport(report!, new Date()).status).toBe('error');
    // Another adapter, as in the next `agentpool usage` run: the back-off is kept in the agentpool home.
    const again = await createClaudeCodeProvider({ usageBaseUrl: baseUrl }).probeUsage?.(ctx);
    expect(again?.warnings[0]).toMatch(/backing off after HTTP 429 until/);
    expect(seen).toHaveLength(1);
    const kept = readFileSync(join(root, 'agentpool', 'usage', 'claude-oauth-backoff.json'), 'utf8');
    expect(kept).not.toContain(TOKEN);
    expect(Object.keys(JSON.parse(kept) as object)).toEqual([configDir]);
    // An answer clears it.
    answer(MAX_PLAN);
    const backoff = new ClaudeUsageBackoff({ file: join(root, 'agentpool', 'usage', 'claude-oauth-backoff.json') });
    const later = new Date(Date.now() + 61_000);
    expect(backoff.blockedUntil(configDir, later)).toBeNull();
    const ok = await probeClaudeOAuthUsage({ configDir, baseUrl, apiKeyInEnv: false, timeoutMs: 5000, backoff, now: () => later });
    expect(ok.status).toBe('ok');
    expect(JSON.parse(readFileSync(join(root, 'agentpool', 'usage', 'claude-oauth-backoff.json'), 'utf8'))).toEqual({});
  });

  it('doubles the back-off while 429s last', () => {
    const backoff = new ClaudeUsageBackoff();
    const t0 = new Date('2026-12-01T00:00:00Z');
    expect(backoff.rateLimited('h', 0, t0)).toBe('2026-12-01T00:01:00.000Z');
    expect(backoff.rateLimited('h', null, new Date('2026-12-01T00:01:00Z'))).toBe('2026-12-01T00:03:00.000Z');
    expect(backoff.rateLimited('h', 0, new Date('2026-12-01T00:03:00Z'))).toBe('2026-12-01T00:07:00.000Z');
    backoff.succeeded('h');
    expect(backoff.blockedUntil('h', new Date('2026-12-01T00:03:30Z'))).toBeNull();
  });

  it('merges a statusLine record of the same home under the endpoint, one window each, both in the provenance', async () => {
    storeToken();
    answer(MAX_PLAN);
    const signals = join(root, 'agentpool', 'artifacts', 'ses_1', 'signals');
    mkdirSync(signals, { recursive: true });
    const payload = JSON.stringify({
      session_id: 's',
      transcript_path: join(configDir, 'projects', '-tmp-repo', 's.jsonl'),
      rate_limits: { five_hour: { used_percentage: 40, resets_at: Math.floor(Date.parse(IN_2H) / 1000) } },
    });
    writeFileSync(join(signals, 'claude-statusline.jsonl'), `${JSON.stringify({ at: Date.now() - 60_000, payload })}\n`);
    const report = await probeClaudeUsage(context({}, { id: 'work', home: configDir, env: {} }), { baseUrl });
    const fiveHour = report.windows.filter((w) => w.kind === '5h');
    expect(fiveHour).toHaveLength(1);
    expect(fiveHour[0]).toMatchObject({ usedPercent: 42, source: 'claude-oauth-usage', confidence: 'official' });
    expect(
      (fiveHour[0] as { provenance?: { source: string; usedPercent?: number }[] }).provenance?.map((p) => [p.source, p.usedPercent]),
    ).toEqual([
      ['claude-oauth-usage', undefined],
      ['claude-statusline', 40],
    ]);
  });

  it('an API-key user without credentials is unknown with the reason', async () => {
    const report = await probeClaudeUsage(context({ ANTHROPIC_API_KEY: 'sk-ant-api03-x', CLAUDE_CONFIG_DIR: configDir }), { baseUrl });
    expect(report.status).toBe('unsupported');
    const snapshot = snapshotFromReport(report, new Date());
    expect(snapshot.status).toBe('unknown');
    expect(snapshot.reason).toContain('API-key users have no subscription usage windows');
    expect(seen).toHaveLength(0);
  });
});
