// (b) State-change latency: from a fake worker printing its question to
// `agentpool observe --wait-for question` returning.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killLiveChildren, parseJson, runCli, startCli } from './agentpool-cli.mjs';
import { median, percentile, round } from './stats.mjs';
import { watchForText } from './stream-watch.mjs';
import { createTempHome } from './temp-home.mjs';

const TRIALS = 30;
/** Long enough that the observe child is certainly waiting before the question appears. */
const WORK_MS = 1500;
const QUESTION_MARKER = 'Question:';

async function runTrial(home, trial) {
  const spawned = await runCli(
    home.path,
    ['spawn', '--provider', 'fake-question', '--task', `Benchmark trial ${trial}: ask your question.`],
    { env: { FAKE_AGENT_WORK_MS: String(WORK_MS) } },
  );
  const sessionId = spawned.session_id;
  const observeStartedAt = performance.now();
  const observe = startCli(home.path, ['observe', sessionId, '--wait-for', 'question', '--timeout', '30']);
  const watch = watchForText(join(home.path, 'artifacts', sessionId, 'stream.raw'), QUESTION_MARKER);
  try {
    const exit = await observe.exited;
    // The print is normally seen well before observe exits; allow a moment if it was not.
    await Promise.race([watch.seen, sleep(1000)]);
    const printedAt = watch.stop();
    const output = parseJson(exit.stdout);
    const failure =
      output?.state !== 'question'
        ? `observe said state ${output?.state ?? 'nothing'} (exit ${exit.code}) ${exit.stderr.trim()}`.trim()
        : printedAt === null
          ? `"${QUESTION_MARKER}" never appeared in stream.raw`
          : null;
    return {
      trial,
      session_id: sessionId,
      failure,
      latency_ms: failure === null ? exit.exitedAt - printedAt : null,
      head_start_ms: printedAt === null ? null : printedAt - observeStartedAt,
      observe_waited_ms: output?.waited_ms ?? null,
    };
  } finally {
    watch.stop();
    await runCli(home.path, ['terminate', sessionId]).catch(() => {});
  }
}

export async function measureStateChangeLatency({ onTrial } = {}) {
  const home = createTempHome();
  const trials = [];
  try {
    for (let trial = 1; trial <= TRIALS; trial++) {
      const result = await runTrial(home, trial).catch((error) => ({ trial, failure: String(error.message ?? error), latency_ms: null }));
      trials.push(result);
      onTrial?.(result);
    }
  } finally {
    killLiveChildren();
    home.dispose();
  }
  const latencies = trials.filter((t) => t.latency_ms !== null).map((t) => t.latency_ms);
  if (latencies.length === 0) throw new Error(`no trial succeeded: ${trials[0]?.failure}`);
  const headStarts = trials.filter((t) => t.head_start_ms != null).map((t) => t.head_start_ms);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  return {
    trials: TRIALS,
    succeeded: latencies.length,
    failures: trials.filter((t) => t.failure !== null).map((t) => ({ trial: t.trial, reason: t.failure })),
    p50_ms: round(p50),
    p95_ms: round(p95),
    max_ms: round(Math.max(...latencies)),
    min_ms: round(Math.min(...latencies)),
    targets: { p50_ms: 100, p95_ms: 250 },
    met: { p50: p50 <= 100, p95: p95 <= 250 },
    /** How long observe had been running when the question appeared (it must be > 0 and ample). */
    min_observe_head_start_ms: round(Math.min(...headStarts)),
    median_observe_head_start_ms: round(median(headStarts)),
    latencies_ms: latencies.map((ms) => round(ms)),
  };
}
