// (i) `agentpool pool status` for 5 Codex accounts: a real `codex app-server` per account (the
// npm @openai/codex the tests use, from the real-CLI folder) against a loopback imitation of the
// ChatGPT usage endpoint. cap reads each account through an interactive TUI, one after another
// (5–17 s each). Target: under 3 s of wall time for all five, start-up included.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { runCli } from './agentpool-cli.mjs';
import { createTempHome } from './temp-home.mjs';

const ACCOUNTS = 5;
const TRIALS = 3;
export const POOL_STATUS_TARGET_MS = 3000;

const accessToken = (accountId) => {
  const b64 = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({
    exp: 4_102_444_800,
    'https://api.openai.com/auth': { chatgpt_plan_type: 'pro', chatgpt_account_id: accountId, chatgpt_user_id: `user-${accountId}` },
  })}.c2ln`;
};

function startBackend() {
  const server = createServer((request, response) => {
    if (!(request.url ?? '').startsWith('/backend-api/wham/usage')) return response.writeHead(404).end('{}');
    const now = Math.floor(Date.now() / 1000);
    const window = (used, seconds) => ({
      used_percent: used,
      limit_window_seconds: seconds,
      reset_after_seconds: 3600,
      reset_at: now + 3600,
    });
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        plan_type: 'pro',
        rate_limit: { allowed: true, limit_reached: false, primary_window: window(30, 18_000), secondary_window: window(10, 604_800) },
        additional_rate_limits: [],
        credits: { has_credits: false, unlimited: false, balance: '0' },
      }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function measurePoolStatus({ log = () => {}, codexBinary }) {
  if (!codexBinary) throw new Error('the real codex is not installed (bash scripts/install-real-clis.sh)');
  const server = await startBackend();
  const home = createTempHome();
  try {
    const source = join(home.path, 'source');
    const team = join(home.path, 'team');
    mkdirSync(source);
    mkdirSync(team);
    writeFileSync(
      join(source, 'config.toml'),
      `chatgpt_base_url = "http://127.0.0.1:${server.address().port}/backend-api/"\ncheck_for_update_on_startup = false\n`,
    );
    for (let index = 1; index <= ACCOUNTS; index++) {
      const token = accessToken(`acct-${index}`);
      writeFileSync(
        join(team, `acct-${index}.json`),
        JSON.stringify({ tokens: { id_token: token, access_token: token, refresh_token: 'rt', account_id: `acct-${index}` } }),
      );
    }
    home.writeConfig(
      `version: 1\npool:\n  sources: [${JSON.stringify(source)}]\n  auth_team_dir: ${JSON.stringify(team)}\nproviders:\n  codex-cli:\n    binary: ${JSON.stringify(codexBinary)}\n`,
    );
    const trials = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const started = performance.now();
      const result = await runCli(home.path, ['pool', 'status', '--timeout', '30']);
      const wallMs = performance.now() - started;
      const sources = result.accounts.map((row) => row.windows[0]?.source ?? row.status);
      if (result.accounts.some((row) => row.status !== 'ok')) throw new Error(`an account was not read: ${JSON.stringify(sources)}`);
      log(
        `pool status trial ${trial}: ${wallMs.toFixed(0)} ms for ${result.accounts.length} accounts (${[...new Set(sources)].join(', ')})`,
      );
      trials.push(Number(wallMs.toFixed(1)));
    }
    const median = [...trials].sort((a, b) => a - b)[Math.floor(trials.length / 2)];
    return {
      accounts: ACCOUNTS,
      trials_ms: trials,
      median_ms: median,
      target_ms: POOL_STATUS_TARGET_MS,
      met: median < POOL_STATUS_TARGET_MS,
    };
  } finally {
    home.dispose();
    server.closeAllConnections();
    server.close();
  }
}
