// (d) Memory of one observer following a chatty worker: `agentpool observe <id> --wait-for completed`
// watches a worker that prints continuously for BENCH_CHATTY_SECONDS (default 600) and then ends
// its turn with a result block. The observer's RSS is read from /proc/<pid>/status every few
// seconds. Three worker/observer pairs run side by side (see bench-plugin.mjs):
// - `normal`: the worker draws inline (normal buffer, like Claude Code) and declares an in-band
//   signal source (as Codex does), so its observer renders every byte it writes;
// - `alternate`: the same drawn in the alternate screen (like Codex), rendered likewise;
// - `screen_only`: the inline worker without in-band signals (like Claude Code, whose signals are
//   hook files): its observer reads the screen through tmux and renders only at the end.
// BENCH_OBSERVER_NODE_OPTIONS is passed to the observers as NODE_OPTIONS (diagnostics, e.g. GC flags).
import { execFileSync, spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killLiveChildren, parseJson, runCli, startCli } from './agentpool-cli.mjs';
import { benchEnv, benchEnvNumber } from './bench-env.mjs';
import { CLOCK_TICKS, readCpuTicks, readMemory } from './proc-table.mjs';
import { round } from './stats.mjs';
import { createTempHome, tmuxPath } from './temp-home.mjs';
import { installTmuxCounter } from './tmux-counter.mjs';

const PLUGIN_PATH = new URL('./bench-plugin.mjs', import.meta.url).pathname;
const RSS_TARGET_MB = 60;

const PAIRS = [
  { key: 'normal', provider: 'bench-chatty', label: 'inline (normal buffer, synchronized frames)' },
  { key: 'alternate', provider: 'bench-chatty-alt', label: 'alternate screen (full redraws)' },
  { key: 'screen_only', provider: 'bench-chatty-screen', label: 'inline, screen rules only (renders at the end)' },
];

function fileSize(path) {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

const mb = (kb) => round(kb / 1024, 1);

/** Largest value per whole minute of a series of { t_s, value }. */
function perMinute(samples, pick, combine) {
  const minutes = [];
  for (const sample of samples) {
    const minute = Math.floor(sample.t_s / 60);
    minutes[minute] = minutes[minute] === undefined ? pick(sample) : combine(minutes[minute], pick(sample));
  }
  return [...minutes].map((value) => value ?? null);
}

function summarise(pair, samples, exit, streamBytes, tmuxCalls, seconds) {
  const alive = samples.filter((sample) => sample.rss_kb !== null);
  if (alive.length === 0) throw new Error(`no RSS sample of the ${pair.key} observer`);
  const last = alive[alive.length - 1];
  const first = alive[0];
  const maxSampled = Math.max(...alive.map((sample) => sample.rss_kb));
  const cpuTicks = last.cpu_ticks - first.cpu_ticks;
  const spanS = last.t_s - first.t_s;
  const output = parseJson(exit.stdout);
  const atOneMinute = alive.find((sample) => sample.t_s >= 60) ?? last;
  // The first seconds are start-up (loading the CLI, the first look); 10 s in, the observer is following.
  const early = alive.find((sample) => sample.t_s >= 10) ?? last;
  const cpuPerMinute = perMinute(alive, (sample) => sample.cpu_ticks, Math.max).map((ticks, index, all) =>
    ticks === null ? null : round((ticks - (index === 0 ? first.cpu_ticks : (all[index - 1] ?? ticks))) / CLOCK_TICKS, 2),
  );
  return {
    worker: pair.label,
    provider: pair.provider,
    seconds,
    samples: alive.length,
    observer_state: output?.state ?? null,
    observer_reached: output?.reached ?? false,
    observer_exit: exit.code,
    observer_waited_ms: output?.waited_ms ?? null,
    bytes_followed: streamBytes,
    mb_followed: round(streamBytes / 1024 / 1024, 2),
    rss_mb: {
      at_10_s: mb(early.rss_kb),
      at_60_s: mb(atOneMinute.rss_kb),
      max_sampled: mb(maxSampled),
      peak_vmhwm: mb(last.hwm_kb),
      final: mb(last.rss_kb),
      final_sample_at_s: round(last.t_s, 1),
    },
    /** Private memory (heap, buffers) and mapped files (the node binary, shared by every node process). */
    rss_anon_mb: {
      at_10_s: mb(early.anon_kb),
      max_sampled: mb(Math.max(...alive.map((sample) => sample.anon_kb))),
      final: mb(last.anon_kb),
    },
    rss_file_mb_final: mb(last.file_kb),
    rss_mb_max_per_minute: perMinute(alive, (sample) => sample.rss_kb, Math.max).map((kb) => (kb === null ? null : mb(kb))),
    cpu_seconds: round(cpuTicks / CLOCK_TICKS, 2),
    cpu_percent_of_core: round((cpuTicks / CLOCK_TICKS / Math.max(spanS, 1)) * 100, 2),
    cpu_ms_per_mb_followed: streamBytes > 0 ? round(((cpuTicks / CLOCK_TICKS) * 1000) / (streamBytes / 1024 / 1024), 0) : null,
    cpu_seconds_per_minute: cpuPerMinute,
    /** The tmux clients it ran (one per look), reaped by the observer. */
    children_cpu_seconds: round((last.child_ticks - first.child_ticks) / CLOCK_TICKS, 2),
    cpu_percent_of_core_with_children: round(
      ((cpuTicks + last.child_ticks - first.child_ticks) / CLOCK_TICKS / Math.max(spanS, 1)) * 100,
      2,
    ),
    tmux_commands: tmuxCalls.count,
    tmux_commands_per_s: round(tmuxCalls.count / Math.max(spanS, 1), 2),
    tmux_commands_by_subcommand: tmuxCalls.bySubcommand,
    target_rss_mb: RSS_TARGET_MB,
    met: Math.max(maxSampled, last.hwm_kb) / 1024 < RSS_TARGET_MB,
  };
}

/** RSS of a bare node process (the floor any observer starts from), and of a waiting observe that never renders. */
async function nodeBaseline() {
  const child = spawn(process.execPath, ['--no-memory-reducer', '-e', 'setTimeout(() => {}, 5000)'], { stdio: 'ignore' });
  await sleep(1500);
  const memory = readMemory(child.pid);
  child.kill();
  return memory === null ? null : { rss_mb: mb(memory.rssKb), anon_mb: mb(memory.anonKb), file_mb: mb(memory.fileKb) };
}

export async function measureObserverMemory({ log = () => {} } = {}) {
  const seconds = benchEnvNumber('BENCH_CHATTY_SECONDS', 600);
  const sampleMs = benchEnvNumber('BENCH_CHATTY_SAMPLE_MS', 3000);
  const observeTimeoutS = Math.max(700, Math.ceil(seconds) + 100);
  const nodeOptions = benchEnv('BENCH_OBSERVER_NODE_OPTIONS') ?? '';
  const home = createTempHome();
  const counter = installTmuxCounter(home.path, tmuxPath());
  home.writeConfig(`plugins:\n  - ${PLUGIN_PATH}\ntmux:\n  binary: ${counter.scriptPath}\n`);
  const running = [];
  const baseline = await nodeBaseline();
  try {
    const mark = counter.mark();
    for (const pair of PAIRS) {
      const spawned = await runCli(home.path, ['spawn', '--provider', pair.provider, '--task', `Chatty benchmark worker (${pair.key}).`], {
        env: { BENCH_CHATTY_SECONDS: String(seconds) },
      });
      const shown = await runCli(home.path, ['session', 'show', spawned.session_id]);
      const observe = startCli(
        home.path,
        ['observe', spawned.session_id, '--wait-for', 'completed', '--timeout', String(observeTimeoutS)],
        {
          env: nodeOptions ? { NODE_OPTIONS: nodeOptions } : {},
        },
      );
      const entry = {
        pair,
        sessionId: spawned.session_id,
        tmuxSession: shown.tmux_session ?? shown.session?.tmux_session ?? null,
        stream: join(home.path, 'artifacts', spawned.session_id, 'stream.raw'),
        observe,
        startedAt: performance.now(),
        samples: [],
        exit: null,
      };
      observe.exited.then((exit) => {
        entry.exit = exit;
      });
      running.push(entry);
    }
    const serverPid = Number(execFileSync(tmuxPath(), ['-S', home.socket, 'display-message', '-p', '#{pid}'], { encoding: 'utf8' }).trim());
    const serverBefore = readCpuTicks(serverPid);
    log(`${PAIRS.length} chatty workers for ${seconds} s, one observe each; RSS sampled every ${sampleMs / 1000} s…`);
    const deadline = performance.now() + (observeTimeoutS + 30) * 1000;
    let nextReport = performance.now() + 60_000;
    while (running.some((entry) => entry.exit === null) && performance.now() < deadline) {
      for (const entry of running) {
        if (entry.exit !== null) continue;
        const memory = readMemory(entry.observe.child.pid);
        const ticks = readCpuTicks(entry.observe.child.pid);
        if (memory === null || ticks === null) continue;
        entry.samples.push({
          t_s: round((performance.now() - entry.startedAt) / 1000, 1),
          rss_kb: memory.rssKb,
          hwm_kb: memory.hwmKb,
          anon_kb: memory.anonKb,
          file_kb: memory.fileKb,
          cpu_ticks: ticks.self,
          child_ticks: ticks.children,
          stream_bytes: fileSize(entry.stream),
        });
      }
      if (performance.now() >= nextReport) {
        nextReport += 60_000;
        log(
          running
            .map((entry) => {
              const last = entry.samples.at(-1);
              return `${entry.pair.key}: ${last ? `${mb(last.rss_kb)} MB RSS, ${round(last.stream_bytes / 1048576, 1)} MB followed` : 'no sample'}${entry.exit ? ' (done)' : ''}`;
            })
            .join('; '),
        );
      }
      await sleep(sampleMs);
    }
    const serverAfter = readCpuTicks(serverPid);
    const results = {};
    for (const entry of running) {
      const exit = entry.exit ?? { code: 'still running', stdout: '', stderr: '' };
      const calls = counter.since(mark, entry.tmuxSession);
      results[entry.pair.key] = summarise(entry.pair, entry.samples, exit, fileSize(entry.stream), calls, seconds);
      results[entry.pair.key].series = entry.samples.map((sample) => ({
        t_s: sample.t_s,
        rss_mb: mb(sample.rss_kb),
        anon_mb: mb(sample.anon_kb),
        cpu_s: round(sample.cpu_ticks / CLOCK_TICKS, 2),
        mb_followed: round(sample.stream_bytes / 1048576, 2),
      }));
    }
    return {
      seconds,
      sample_ms: sampleMs,
      observe_timeout_s: observeTimeoutS,
      pairs_run_side_by_side: PAIRS.length,
      bare_node: baseline,
      tmux_server_cpu_seconds: serverBefore && serverAfter ? round((serverAfter.self - serverBefore.self) / CLOCK_TICKS, 2) : null,
      ...(nodeOptions ? { observer_node_options: nodeOptions } : {}),
      ...results,
    };
  } finally {
    log('terminating chatty workers…');
    for (const entry of running) await runCli(home.path, ['terminate', entry.sessionId]).catch(() => {});
    killLiveChildren();
    home.dispose();
  }
}
