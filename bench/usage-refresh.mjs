// (f) A usage refresh of 8 providers whose loopback usage endpoints each answer after 1 s: the
// probes run in parallel under one budget, so the whole `agentpool usage` call should take about
// 1 s, not 8. Target: under 1.5 s of wall time for the command (start-up included).
import { createServer } from 'node:http';
import { runCli } from './agentpool-cli.mjs';
import { createTempHome } from './temp-home.mjs';

const PROVIDERS = ['fake-question', 'fake-approval', 'fake-completed', 'fake-idle', 'fake-error', 'fake-limit', 'fake-patch', 'fake-slow'];
const ANSWER_AFTER_MS = 1000;
const TRIALS = 3;
export const USAGE_REFRESH_TARGET_MS = 1500;

function startEndpoint() {
  const server = createServer((_request, response) => {
    setTimeout(() => {
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ windows: [{ name: '5h limit', duration_seconds: 18_000, used_percent: 20 }] }));
    }, ANSWER_AFTER_MS);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function measureUsageRefresh({ log = () => {} } = {}) {
  const servers = await Promise.all(PROVIDERS.map(() => startEndpoint()));
  const home = createTempHome();
  try {
    const lines = ['version: 1', 'providers:'];
    PROVIDERS.forEach((id, index) => {
      lines.push(`  ${id}:`, '    env:', `      AGENTPOOL_FAKE_USAGE_URL: http://127.0.0.1:${servers[index].address().port}`);
    });
    home.writeConfig(`${lines.join('\n')}\n`);
    const trials = [];
    for (let trial = 1; trial <= TRIALS; trial += 1) {
      const started = performance.now();
      const result = await runCli(home.path, ['usage', '--provider', PROVIDERS.join(','), '--timeout', '10']);
      const wallMs = performance.now() - started;
      const statuses = result.providers.map((row) => row.status);
      if (statuses.some((status) => status !== 'ok')) throw new Error(`a probe did not read its endpoint: ${JSON.stringify(statuses)}`);
      log(`usage refresh trial ${trial}: ${wallMs.toFixed(0)} ms for ${statuses.length} providers`);
      trials.push(Number(wallMs.toFixed(1)));
    }
    const sorted = [...trials].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return {
      providers: PROVIDERS.length,
      endpoint_delay_ms: ANSWER_AFTER_MS,
      trials_ms: trials,
      median_ms: median,
      target_ms: USAGE_REFRESH_TARGET_MS,
      met: median < USAGE_REFRESH_TARGET_MS,
    };
  } finally {
    home.dispose();
    for (const server of servers) {
      server.closeAllConnections();
      server.close();
    }
  }
}
