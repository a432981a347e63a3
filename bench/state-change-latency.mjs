// (b) State-change latency: from the output (or signal) that decides a worker's new state landing on
// disk to `agentpool observe --wait-for <state>` exiting. Five variants, each deciding the state by
// a different path:
//
// - `question`: fake-question prints its question; the screen rules read it from the tmux screen
//   (no rendering of the stream).
// - `result_block`: fake-completed ends its turn with a result block; the observer renders the
//   stream (the headless terminal emulator, loaded on this first use) to find the block.
// - `hooks`: fake-completed-hooks, the same worker also reporting through Claude Code-style hooks.
//   The screen shows the block before the Stop hook's record lands, so the rendered block decides;
//   the report says which source decided each trial and when the hook record landed.
// - `native_signal`: bench-completed-hooks-blind (bench-plugin.mjs), the same worker with screen
//   rules that always say `working`: only the Stop hook's record, with the block in its final
//   reply, can decide. Measured from that record landing in the signal file.
// - `native_approval`: bench-approval-hooks-blind, the same with an approval: only the Notification
//   hook's `permission_prompt` record can decide `approval_prompt`.
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killLiveChildren, parseJson, runCli, startCli } from './agentpool-cli.mjs';
import { benchEnvNumber } from './bench-env.mjs';
import { median, percentile, round } from './stats.mjs';
import { watchForText } from './stream-watch.mjs';
import { createTempHome } from './temp-home.mjs';

/** Screen-decided changes (issue 5) and hook-decided ones (issue 6: a hook firing → observe returning). */
const SCREEN_TARGETS = { p50_ms: 100, p95_ms: 250 };
const SIGNAL_TARGETS = { p50_ms: 30, p95_ms: 100 };
const TRIALS = benchEnvNumber('BENCH_LATENCY_TRIALS', 30);
/** Long enough that the observe child is certainly waiting before the state changes. */
const WORK_MS = 1500;
const PLUGIN_PATH = new URL('./bench-plugin.mjs', import.meta.url).pathname;

/**
 * The end marker of a result block, alone on its line as the fake agent prints it. The protocol
 * text in the echoed task names the marker only inside a sentence (followed by "."); the pane's
 * terminal turns each newline into CR LF, so a line end in stream.raw starts with CR.
 */
const BLOCK_MARKER = 'AGENTPOOL_RESULT_END\r';
/** The Stop hook's record as the signal recorder writes it (its payload is JSON inside a JSON string). */
const STOP_RECORD_MARKER = '\\"hook_event_name\\":\\"Stop\\"';
/** The Notification hook's record for a permission prompt. */
const APPROVAL_RECORD_MARKER = '\\"notification_type\\":\\"permission_prompt\\"';
const HOOKS_FILE = ['signals', 'fake-hooks.jsonl'];

export const VARIANTS = [
  {
    key: 'question',
    label: '"Question:" in stream.raw → observe --wait-for question exits (screen rules, no rendering)',
    provider: 'fake-question',
    task: 'ask your question.',
    waitFor: 'question',
    decideBy: { file: ['stream.raw'], needle: 'Question:', what: '"Question:"' },
  },
  {
    key: 'result_block',
    label: 'result block in stream.raw → observe --wait-for completed exits (rendered result block)',
    provider: 'fake-completed',
    waitFor: 'completed',
    decideBy: { file: ['stream.raw'], needle: BLOCK_MARKER, what: 'the result block' },
  },
  {
    key: 'hooks',
    label: 'result block in stream.raw → observe exits, worker also reporting through hooks',
    provider: 'fake-completed-hooks',
    waitFor: 'completed',
    decideBy: { file: ['stream.raw'], needle: BLOCK_MARKER, what: 'the result block' },
    alsoWatch: { file: HOOKS_FILE, needle: STOP_RECORD_MARKER, what: 'the Stop hook record' },
  },
  {
    key: 'native_signal',
    label: 'Stop hook record in signals/ → observe --wait-for completed exits (native signal; screen rules blinded)',
    provider: 'bench-completed-hooks-blind',
    waitFor: 'completed',
    targets: SIGNAL_TARGETS,
    decideBy: { file: HOOKS_FILE, needle: STOP_RECORD_MARKER, what: 'the Stop hook record' },
  },
  {
    key: 'native_approval',
    label: 'Notification (permission_prompt) hook record in signals/ → observe --wait-for approval_prompt exits (screen rules blinded)',
    provider: 'bench-approval-hooks-blind',
    waitFor: 'approval_prompt',
    targets: SIGNAL_TARGETS,
    decideBy: { file: HOOKS_FILE, needle: APPROVAL_RECORD_MARKER, what: 'the permission_prompt Notification record' },
  },
];

/** Which evidence decided, read from observe's evidence lines ("hooks: turn_completed" is a signal). */
function decidedBy(evidence) {
  if (!Array.isArray(evidence)) return 'unknown';
  return evidence.some((line) => /^[\w-]+: (turn_completed|needs_input|turn_failed|limit_reached)$/.test(line)) ? 'signal' : 'screen';
}

async function runTrial(home, variant, trial) {
  const spawned = await runCli(
    home.path,
    ['spawn', '--provider', variant.provider, '--task', `Benchmark trial ${trial}: ${variant.task ?? 'finish your turn.'}`],
    { env: { FAKE_AGENT_WORK_MS: String(WORK_MS) } },
  );
  const sessionId = spawned.session_id;
  const sessionDir = join(home.path, 'artifacts', sessionId);
  const observeStartedAt = performance.now();
  let watch = null;
  let also = null;
  try {
    const observe = startCli(home.path, ['observe', sessionId, '--wait-for', variant.waitFor, '--timeout', '30']);
    watch = watchForText(join(sessionDir, ...variant.decideBy.file), variant.decideBy.needle);
    also = variant.alsoWatch ? watchForText(join(sessionDir, ...variant.alsoWatch.file), variant.alsoWatch.needle) : null;
    const exit = await observe.exited;
    // The decisive write is normally seen well before observe exits; allow a moment if it was not.
    await Promise.race([watch.seen, sleep(1000)]);
    if (also) await Promise.race([also.seen, sleep(1000)]);
    const landedAt = watch.stop();
    const alsoAt = also ? also.stop() : null;
    const output = parseJson(exit.stdout);
    const failure =
      output?.state !== variant.waitFor
        ? `observe said state ${output?.state ?? 'nothing'} (exit ${exit.code}) ${exit.stderr.trim()}`.trim()
        : landedAt === null
          ? `${variant.decideBy.what} never appeared in ${variant.decideBy.file.join('/')}`
          : null;
    return {
      trial,
      session_id: sessionId,
      failure,
      latency_ms: failure === null ? exit.exitedAt - landedAt : null,
      head_start_ms: landedAt === null ? null : landedAt - observeStartedAt,
      decided_by: decidedBy(output?.evidence),
      /** For `hooks`: when the Stop hook's record landed, after the result block (ms). */
      also_after_ms: alsoAt !== null && landedAt !== null ? alsoAt - landedAt : null,
      /** For `hooks`: when observe exited relative to the Stop hook's record (negative: before it). */
      exit_after_also_ms: alsoAt !== null ? exit.exitedAt - alsoAt : null,
      observe_waited_ms: output?.waited_ms ?? null,
    };
  } finally {
    watch?.stop();
    also?.stop();
    await runCli(home.path, ['terminate', sessionId]).catch(() => {});
  }
}

function summarise(variant, trials) {
  const latencies = trials.filter((t) => t.latency_ms !== null).map((t) => t.latency_ms);
  if (latencies.length === 0)
    return { label: variant.label, provider: variant.provider, trials: trials.length, succeeded: 0, failures: failuresOf(trials) };
  const headStarts = trials.filter((t) => t.head_start_ms != null).map((t) => t.head_start_ms);
  const p50 = percentile(latencies, 50);
  const p95 = percentile(latencies, 95);
  const targets = variant.targets ?? SCREEN_TARGETS;
  const decided = {};
  for (const t of trials.filter((t) => t.failure === null)) decided[t.decided_by] = (decided[t.decided_by] ?? 0) + 1;
  const alsoAfter = trials.filter((t) => t.also_after_ms !== null).map((t) => t.also_after_ms);
  const exitAfterAlso = trials.filter((t) => t.exit_after_also_ms !== null).map((t) => t.exit_after_also_ms);
  return {
    label: variant.label,
    provider: variant.provider,
    trials: trials.length,
    succeeded: latencies.length,
    failures: failuresOf(trials),
    p50_ms: round(p50),
    p95_ms: round(p95),
    max_ms: round(Math.max(...latencies)),
    min_ms: round(Math.min(...latencies)),
    targets,
    met: { p50: p50 <= targets.p50_ms, p95: p95 <= targets.p95_ms },
    decided_by: decided,
    ...(alsoAfter.length
      ? {
          stop_hook_record_after_block_ms_median: round(median(alsoAfter)),
          observe_exit_after_stop_hook_record_ms_median: round(median(exitAfterAlso)),
        }
      : {}),
    /** How long observe had been running when the decisive write landed (it must be > 0 and ample). */
    min_observe_head_start_ms: round(Math.min(...headStarts)),
    median_observe_head_start_ms: round(median(headStarts)),
    latencies_ms: latencies.map((ms) => round(ms)),
  };
}

/** Failed trials, each with the first line of its reason (a failed CLI call prints a whole JSON error). */
function failuresOf(trials) {
  return trials.filter((t) => t.failure !== null).map((t) => ({ trial: t.trial, reason: t.failure.replace(/\s+/g, ' ').slice(0, 240) }));
}

export async function measureStateChangeLatency({ onTrial } = {}) {
  const home = createTempHome();
  home.writeConfig(`plugins:\n  - ${PLUGIN_PATH}\npolicy:\n  max_parallel_sessions: 16\n`);
  const results = { trials_per_variant: TRIALS, work_ms: WORK_MS };
  try {
    // Interleaved, so drift in machine load touches every variant alike.
    const trials = Object.fromEntries(VARIANTS.map((variant) => [variant.key, []]));
    for (let trial = 1; trial <= TRIALS; trial++) {
      for (const variant of VARIANTS) {
        const result = await runTrial(home, variant, trial).catch((error) => ({
          trial,
          failure: String(error.message ?? error),
          latency_ms: null,
        }));
        trials[variant.key].push(result);
        onTrial?.(variant.key, result);
      }
    }
    for (const variant of VARIANTS) results[variant.key] = summarise(variant, trials[variant.key]);
  } finally {
    killLiveChildren();
    home.dispose();
  }
  const failed = VARIANTS.filter((variant) => !results[variant.key]?.succeeded);
  if (failed.length === VARIANTS.length) throw new Error(`no trial succeeded: ${results.question?.failures?.[0]?.reason}`);
  return results;
}
