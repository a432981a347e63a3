#!/usr/bin/env node
// Captures the raw pane stream of the real Claude Code's `/usage` screen, signed in with a fake
// claude.ai subscription, while a test-only HTTPS proxy stands in for api.anthropic.com (a throwaway
// CA made with openssl, HTTPS_PROXY and NODE_EXTRA_CA_CERTS: Claude 2.1.197 honours both) and
// answers `GET /api/oauth/usage` with the figures the scenario names. Usage (after `pnpm build` and
// scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-claude-usage-screen.mjs <scenario> [--out <dir>]
// Scenarios: usage (session, week, Sonnet week), usage-limit (the session at 100 %, a reset on the
// hour), usage-weekly-only (no session window), usage-narrow (a 60-column pane: Claude's narrow
// layout), usage-error (the endpoint answers 500), usage-rate-limited (it answers 429).
// Writes claude-code-<version>-<scenario>.raw and .json (with the endpoint's answer, the time zone
// and when the screen was read, which the reset times are relative to).
import { join } from 'node:path';
import {
  claudeApiAnswer,
  FAKE_CLAUDE_OAUTH_TOKEN,
  FAKE_CLAUDE_REFRESH_TOKEN,
  prepareClaudeOAuthHome,
  REAL_CLI_VERSIONS,
  startInterceptProxy,
} from '../dist/index.js';
import {
  captureArguments,
  captureRepo,
  captureRoot,
  installedBinary,
  paneCapture,
  removeCaptureRoot,
  sleep,
  writeCapture,
} from './pane-capture.mjs';

const SCENARIOS = ['usage', 'usage-limit', 'usage-weekly-only', 'usage-narrow', 'usage-error', 'usage-rate-limited'];
const { scenario, outDir } = captureArguments(SCENARIOS, `usage: capture-claude-usage-screen.mjs <${SCENARIOS.join('|')}> [--out <dir>]`);
const binary = installedBinary('claude-code');

const HOUR = 3600_000;
const now = Date.now();
// The endpoint's reset times carry seconds and microseconds, as the real one does.
const iso = (ms) => new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1417+00:00');
const onTheHour = (ms) => Math.ceil(ms / HOUR) * HOUR;

const usageBodies = {
  usage: {
    five_hour: { utilization: 37.4, resets_at: iso(now + 2.3 * HOUR + 17_000) },
    seven_day: { utilization: 62.9, resets_at: iso(now + 70 * HOUR + 41_000) },
    seven_day_oauth_apps: null,
    seven_day_opus: { utilization: 100.0, resets_at: iso(now + 70 * HOUR + 41_000) },
    seven_day_sonnet: { utilization: 12.0, resets_at: iso(now + 100 * HOUR + 5_000) },
    extra_usage: { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null },
  },
  'usage-limit': {
    five_hour: { utilization: 100.0, resets_at: iso(onTheHour(now + 2 * HOUR)) },
    seven_day: { utilization: 84.0, resets_at: iso(now + 30 * HOUR + 9_000) },
    seven_day_sonnet: { utilization: 0.0, resets_at: null },
    extra_usage: { is_enabled: false, monthly_limit: null, used_credits: null, utilization: null },
  },
  'usage-weekly-only': {
    five_hour: null,
    seven_day: { utilization: 45.0, resets_at: iso(now + 120 * HOUR + 3_000) },
    seven_day_sonnet: null,
    extra_usage: null,
  },
};
usageBodies['usage-narrow'] = usageBodies.usage;
const endpoint =
  scenario === 'usage-error'
    ? { status: 500, body: { type: 'error', error: { type: 'api_error', message: 'Internal server error' } } }
    : scenario === 'usage-rate-limited'
      ? {
          status: 429,
          body: { type: 'error', error: { type: 'rate_limit_error', message: 'Rate limited' } },
          headers: { 'retry-after': '0' },
        }
      : { status: 200, body: usageBodies[scenario] };
const timeZone = { usage: 'America/New_York', 'usage-narrow': 'America/New_York', 'usage-limit': 'Europe/Berlin' }[scenario] ?? 'UTC';
const cols = scenario === 'usage-narrow' ? 60 : 120;

const proxy = await startInterceptProxy({ hosts: ['api.anthropic.com'], answer: claudeApiAnswer(() => endpoint) });
const root = captureRoot();
const repo = captureRepo(root, 'none');
const home = join(root, 'home');
const { env } = prepareClaudeOAuthHome(home, [repo]);
const argv = [binary];
const capture = paneCapture({
  root,
  cwd: repo,
  cols,
  env: {
    ...env,
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    TERM: 'xterm-256color',
    TZ: timeZone,
    HTTPS_PROXY: proxy.url,
    NODE_EXTRA_CA_CERTS: proxy.caFile,
    // Its start-up "quota" model call goes nowhere (as agentpool's probe sends it): never to the proxy.
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
    NO_PROXY: '127.0.0.1,localhost',
  },
  argv,
  waitTimeoutMs: 60_000,
});
const { waitFor, moment, tmux } = capture;
const shown = (pattern) => (text) => pattern.test(text);
let observedAt = null;
try {
  capture.start();
  await moment('ready', shown(/^❯\s*$/m), 'the input prompt');
  await sleep(1500);
  tmux('send-keys', '-t', 'w', '-l', '/usage');
  await sleep(300);
  tmux('send-keys', '-t', 'w', 'Enter');
  const done = endpoint.status === 200 ? /\d+% used\s*$/m : /^\s*Error: /m;
  await waitFor(
    (text) => done.test(text) && /Esc to cancel/.test(text) && !/Loading usage data|Refreshing…/.test(text),
    'the usage screen',
  );
  observedAt = new Date().toISOString();
  await moment('usage_screen', shown(/Esc to cancel/), 'the /usage screen with the plan usage read');
  tmux('send-keys', '-t', 'w', 'Escape');
  await sleep(500);
  tmux('send-keys', '-t', 'w', '-l', '/exit');
  await sleep(300);
  tmux('send-keys', '-t', 'w', 'Enter');
  await sleep(2000);
  const version = REAL_CLI_VERSIONS['claude-code'].version;
  const requests = proxy.requests.map((request) => `${request.method} ${request.path.split('?')[0]}`);
  writeCapture(capture, {
    outDir,
    name: `claude-code-${version}-${scenario}`,
    program: REAL_CLI_VERSIONS['claude-code'].package,
    version,
    argv,
    capturedWith:
      'tmux pipe-pane -O; api.anthropic.com intercepted by the HTTPS proxy of @agentpool/test-utils (HTTPS_PROXY, NODE_EXTRA_CA_CERTS)',
    scenario,
    what: `/usage typed at the prompt of a fake claude.ai Max login; GET /api/oauth/usage answered HTTP ${endpoint.status}`,
    turns: [],
    extra: { time_zone: timeZone, observed_at: observedAt, endpoint, requests },
    generic: (text) => text.split(root).join('<tmp>'),
  });
  const written = JSON.stringify(requests) + JSON.stringify(endpoint);
  if (written.includes(FAKE_CLAUDE_OAUTH_TOKEN) || written.includes(FAKE_CLAUDE_REFRESH_TOKEN))
    throw new Error('the fake token leaked into the capture');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  capture.stop();
  await sleep(500);
  await proxy.close();
  removeCaptureRoot(root);
}
