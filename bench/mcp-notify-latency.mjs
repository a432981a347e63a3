// (g) MCP resource-updated latency: from a worker's question landing in its stream.raw to the
// `notifications/resources/updated` for its session reaching a client subscribed to
// agentpool://sessions/<id>. One long-lived `agentpool mcp` over stdio (the client speaks raw
// JSON-RPC lines here); per trial: spawn_worker (fake-question, FAKE_AGENT_WORK_MS so the
// subscription is in place well before), resources/subscribe, wait, terminate_worker. Target: p50 ≤ 50 ms.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { CLI_PATH, cliEnv, REPO_ROOT } from './agentpool-cli.mjs';
import { benchEnvNumber } from './bench-env.mjs';
import { median, percentile, round } from './stats.mjs';
import { watchForText } from './stream-watch.mjs';
import { createTempHome } from './temp-home.mjs';

const TRIALS = benchEnvNumber('BENCH_LATENCY_TRIALS', 30);
const WORK_MS = 1500;
export const MCP_NOTIFY_TARGETS = { p50_ms: 50 };

function startServer(home) {
  const child = spawn(CLI_PATH, ['mcp'], {
    cwd: REPO_ROOT,
    env: cliEnv(home.path, { FAKE_AGENT_WORK_MS: String(WORK_MS) }),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const waiting = new Map();
  const updates = [];
  let buffered = '';
  let nextId = 1;
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const at = performance.now();
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const message = JSON.parse(buffered.slice(0, end));
      buffered = buffered.slice(end + 1);
      if (message.method === 'notifications/resources/updated') updates.push({ uri: message.params.uri, at });
      else if (message.id !== undefined) waiting.get(message.id)?.(message);
    }
  });
  const request = (method, params) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, (message) => {
        waiting.delete(id);
        if (message.error) reject(new Error(`${method}: ${message.error.message}`));
        else if (message.result?.isError) reject(new Error(`${params?.name}: ${message.result.content?.[0]?.text}`));
        else resolve(message.result);
      });
      child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  const notify = (method, params) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  return {
    updates,
    request,
    async initialize() {
      await request('initialize', {
        protocolVersion: '2025-06-18',
        capabilities: {},
        clientInfo: { name: 'agentpool-bench', version: '0' },
      });
      notify('notifications/initialized', {});
    },
    callTool: async (name, args) => (await request('tools/call', { name, arguments: args })).structuredContent,
    stop() {
      child.stdin.end();
      return new Promise((resolve) => {
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.on('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

async function runTrial(home, server, trial) {
  const spawned = await server.callTool('spawn_worker', {
    provider: 'fake-question',
    task: `Benchmark trial ${trial}: ask your question.`,
    repo: home.path,
  });
  const sessionId = spawned.session_id;
  const uri = `agentpool://sessions/${sessionId}`;
  const watch = watchForText(join(home.path, 'artifacts', sessionId, 'stream.raw'), 'Question:');
  try {
    await server.request('resources/subscribe', { uri });
    const subscribedAt = performance.now();
    const landedAt = await Promise.race([watch.seen, sleep(20_000).then(() => null)]);
    if (landedAt === null) return { trial, failure: 'the question never appeared in stream.raw', latency_ms: null };
    // The first update for this session after the question landed.
    const deadline = performance.now() + 10_000;
    let update = null;
    while (update === null && performance.now() < deadline) {
      update = server.updates.find((u) => u.uri === uri && u.at >= landedAt) ?? null;
      if (update === null) await sleep(5);
    }
    if (update === null) return { trial, failure: 'no resource update after the question', latency_ms: null };
    const read = await server.request('resources/read', { uri });
    const state = JSON.parse(read.contents[0].text).state;
    if (state !== 'question') return { trial, failure: `the session read ${state} after the update`, latency_ms: null };
    return { trial, failure: null, latency_ms: update.at - landedAt, head_start_ms: landedAt - subscribedAt };
  } finally {
    watch.stop();
    await server.request('resources/unsubscribe', { uri }).catch(() => {});
    await server.callTool('terminate_worker', { session_id: sessionId }).catch(() => {});
  }
}

export async function measureMcpNotifyLatency({ log = () => {} } = {}) {
  const home = createTempHome();
  home.writeConfig('policy:\n  max_parallel_sessions: 16\n');
  const server = startServer(home);
  try {
    await server.initialize();
    const trials = [];
    for (let trial = 1; trial <= TRIALS; trial++) {
      const result = await runTrial(home, server, trial).catch((error) => ({
        trial,
        failure: String(error.message ?? error),
        latency_ms: null,
      }));
      trials.push(result);
      log(`mcp notify trial ${trial}: ${result.failure ?? `${result.latency_ms.toFixed(1)} ms`}`);
    }
    const latencies = trials.filter((t) => t.latency_ms !== null).map((t) => t.latency_ms);
    if (latencies.length === 0) throw new Error(`no trial succeeded: ${trials[0]?.failure}`);
    const p50 = percentile(latencies, 50);
    return {
      trials: trials.length,
      succeeded: latencies.length,
      failures: trials.filter((t) => t.failure !== null).map((t) => ({ trial: t.trial, reason: t.failure })),
      p50_ms: round(p50),
      p95_ms: round(percentile(latencies, 95)),
      max_ms: round(Math.max(...latencies)),
      min_ms: round(Math.min(...latencies)),
      median_subscription_head_start_ms: round(median(trials.filter((t) => t.head_start_ms != null).map((t) => t.head_start_ms))),
      targets: MCP_NOTIFY_TARGETS,
      met: p50 <= MCP_NOTIFY_TARGETS.p50_ms,
      latencies_ms: latencies.map((ms) => round(ms)),
    };
  } finally {
    await server.stop();
    home.dispose();
  }
}
