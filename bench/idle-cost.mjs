// (c) Idle cost: CPU and tmux calls while 30 idle workers are each watched by a waiting observe.
import { execFileSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { killLiveChildren, runCli, startCli } from './agentpool-cli.mjs';
import { CLOCK_TICKS, descendantsOf, readCpuTicks, readMemory, readProcessTable } from './proc-table.mjs';
import { round } from './stats.mjs';
import { createTempHome, tmuxPath } from './temp-home.mjs';
import { installTmuxCounter } from './tmux-counter.mjs';

const WORKERS = 30;
const WINDOW_MS = 60_000;
/** observe's own timeout; the window must close before it fires. */
const OBSERVE_TIMEOUT_S = 75;
/** After starting the observes, wait until their CPU use stops growing, but no longer than this. */
const SETTLE_CAP_MS = 12_000;
/** Resolution of the observe CPU time series. */
const SAMPLE_MS = 5_000;

/** What the window measures: which snapshot a group comes from and which CPU field it sums. */
const CPU_GROUPS = [
  { name: 'observe', label: 'observe processes', from: 'observe', field: 'self' },
  { name: 'observe_children', label: "observe's reaped children", from: 'observe', field: 'children' },
  { name: 'tmux_server', label: 'tmux server', from: 'server', field: 'self' },
  { name: 'workers', label: 'fake-agent workers', from: 'workers', field: 'self' },
  { name: 'pane_helpers', label: 'pane helpers (sh, pipe-pane cat)', from: 'helpers', field: 'self' },
];

async function mapLimit(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function ticksOf(pids) {
  return new Map(pids.map((pid) => [pid, readCpuTicks(pid)]));
}

/** Waits until the observe processes have finished starting up (their CPU ticks stop moving). */
async function settle(pids) {
  const started = performance.now();
  let last = -1;
  let stableSince = performance.now();
  while (performance.now() - started < SETTLE_CAP_MS) {
    const total = pids.reduce((sum, pid) => sum + (readCpuTicks(pid)?.self ?? 0), 0);
    if (total !== last) {
      last = total;
      stableSince = performance.now();
    } else if (performance.now() - stableSince >= 1000) break;
    await sleep(200);
  }
  return performance.now() - started;
}

/**
 * Sleeps through the window, reading the observe processes' CPU ticks (own and reaped children)
 * once per interval, so the report can show whether their CPU is spread out or comes in bursts.
 */
async function sampleWhileWaiting(observePids, windowStart) {
  const total = () =>
    observePids.reduce((sum, pid) => {
      const ticks = readCpuTicks(pid);
      return sum + (ticks === null ? 0 : ticks.self + ticks.children);
    }, 0);
  const series = [];
  let previous = total();
  for (let end = SAMPLE_MS; end <= WINDOW_MS; end += SAMPLE_MS) {
    await sleep(Math.max(0, windowStart + end - performance.now()));
    const now = total();
    series.push(round((now - previous) / CLOCK_TICKS, 2));
    previous = now;
  }
  return series;
}

/** Snapshot of every process group the window measures. */
function snapshot(observePids, serverPid) {
  const below = descendantsOf(serverPid, readProcessTable());
  // The worker is the node process running fake-agent.js; the sh wrapper around it only names it as
  // an argument. Everything else below the server is a helper (sh wrapper, pipe-pane's sh and cat).
  const isWorker = (proc) => proc.args[1]?.endsWith('fake-agent.js') ?? false;
  const workers = below.filter(isWorker).map((p) => p.pid);
  const helpers = below.filter((p) => !isWorker(p)).map((p) => p.pid);
  return {
    observe: ticksOf(observePids),
    server: ticksOf([serverPid]),
    workers: ticksOf(workers),
    helpers: ticksOf(helpers),
  };
}

/** CPU ticks used between two snapshots of one group; processes that appeared count from zero. */
function usedTicks(before, after, field) {
  let ticks = 0;
  let vanished = 0;
  for (const [pid, end] of after) {
    if (end === null) {
      vanished++;
      continue;
    }
    ticks += end[field] - (before.get(pid)?.[field] ?? 0);
  }
  return { ticks, vanished };
}

export async function measureIdleCost({ log = () => {} } = {}) {
  const home = createTempHome();
  const realTmux = tmuxPath();
  const counter = installTmuxCounter(home.path, realTmux);
  home.writeConfig(`policy:\n  max_parallel_sessions: 64\ntmux:\n  binary: ${counter.scriptPath}\n`);
  const sessionIds = [];
  const observes = [];
  try {
    log(`spawning ${WORKERS} fake-idle workers…`);
    for (let n = 1; n <= WORKERS; n++) {
      const spawned = await runCli(home.path, ['spawn', '--provider', 'fake-idle', '--task', `Idle benchmark worker ${n}.`]);
      sessionIds.push(spawned.session_id);
    }
    log('waiting until every worker is idle…');
    const idle = await mapLimit(sessionIds, 6, (id) => runCli(home.path, ['observe', id, '--wait-for', 'idle', '--timeout', '60']));
    const notIdle = idle.filter((result) => result.state !== 'idle');
    if (notIdle.length > 0) throw new Error(`${notIdle.length} workers did not become idle (e.g. ${notIdle[0].state})`);

    const serverPid = Number(execFileSync(realTmux, ['-S', home.socket, 'display-message', '-p', '#{pid}'], { encoding: 'utf8' }).trim());
    log(`starting ${WORKERS} observe --wait-for completed children…`);
    for (const id of sessionIds) {
      const observe = startCli(home.path, ['observe', id, '--wait-for', 'completed', '--timeout', String(OBSERVE_TIMEOUT_S)]);
      observe.done = false;
      observe.exited.then(() => {
        observe.done = true;
      });
      observes.push(observe);
    }
    const observePids = observes.map((o) => o.child.pid);
    const settleMs = await settle(observePids);

    log(`measuring a ${WINDOW_MS / 1000} s window…`);
    const callsMark = counter.mark();
    const before = snapshot(observePids, serverPid);
    const windowStart = performance.now();
    const observeSeries = await sampleWhileWaiting(observePids, windowStart);
    const after = snapshot(observePids, serverPid);
    const windowS = (performance.now() - windowStart) / 1000;
    const calls = counter.since(callsMark);
    const observesExitedEarly = observes.filter((o) => o.done).length;
    // Each waiting observe has rendered its worker's stream once (a ready screen needs the turn's result).
    const memory = observePids.map(readMemory).filter((m) => m !== null);
    const mbOf = (kb) => round(kb / 1024, 1);
    const meanOf = (values) => values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);

    const percentOfCore = (ticks) => (ticks / CLOCK_TICKS / windowS) * 100;
    let totalTicks = 0;
    const cpu = {};
    for (const group of CPU_GROUPS) {
      const { ticks, vanished } = usedTicks(before[group.from], after[group.from], group.field);
      totalTicks += ticks;
      cpu[group.name] = {
        label: group.label,
        processes: after[group.from].size,
        cpu_seconds: round(ticks / CLOCK_TICKS, 2),
        percent_of_core: round(percentOfCore(ticks), 2),
        vanished,
      };
    }
    const totalPercent = percentOfCore(totalTicks);
    const perWorkerPer10s = calls.count / WORKERS / (windowS / 10);
    return {
      workers: WORKERS,
      window_s: round(windowS, 2),
      settle_ms: round(settleMs),
      clock_ticks_per_s: CLOCK_TICKS,
      observes_exited_during_window: observesExitedEarly,
      cpu,
      total_cpu_seconds: round(totalTicks / CLOCK_TICKS, 2),
      total_percent_of_core: round(totalPercent, 2),
      observe_cpu_seconds_per_5s: observeSeries,
      observe_rss_mb: {
        processes: memory.length,
        mean: mbOf(meanOf(memory.map((m) => m.rssKb))),
        max: mbOf(Math.max(...memory.map((m) => m.rssKb))),
        anon_mean: mbOf(meanOf(memory.map((m) => m.anonKb))),
      },
      tmux_commands: calls.count,
      tmux_commands_per_s: round(calls.count / windowS, 2),
      tmux_commands_per_worker_per_10s: round(perWorkerPer10s, 3),
      tmux_commands_by_subcommand: calls.bySubcommand,
      targets: { total_percent_of_core: 2, tmux_commands_per_worker_per_10s: 1 },
      met: { cpu: totalPercent < 2, tmux_commands: perWorkerPer10s < 1 },
    };
  } finally {
    log('terminating workers…');
    await mapLimit(sessionIds, 4, (id) => runCli(home.path, ['terminate', id]).catch(() => {}));
    killLiveChildren();
    home.dispose();
  }
}
