#!/usr/bin/env node
// agentpool benchmark, measured in one run on one machine: (a) start-up time, (b) state-change
// latency, (c) idle cost, (e) rendering cost per MB of output and (d) the memory of one observer
// following a chatty worker (BENCH_CHATTY_SECONDS, default 600: it runs last), and (f) a usage refresh
// of 8 providers whose endpoints each answer after 1 s, and (g) the time from a worker's state change
// to an MCP client's resource-updated notification, and (j) the team board's p95 per operation. Targets are reported,
// never asserted: the exit code is non-zero only when a section could not be measured. Figures also
// go to bench/results/latest.json. BENCH_SECTIONS=a,b,… runs only those sections.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { realCliBinary } from '../packages/test-utils/dist/index.js';
import { CLI_PATH, killLiveChildren } from './agentpool-cli.mjs';
import { benchEnv } from './bench-env.mjs';
import { measureIdleCost } from './idle-cost.mjs';
import { measureLogScan } from './log-scan.mjs';
import { measureMcpNotifyLatency } from './mcp-notify-latency.mjs';
import { measureObserverMemory } from './observer-memory.mjs';
import { measurePoolStatus } from './pool-status.mjs';
import { measureRenderCost } from './render-cost.mjs';
import { measureStartup } from './startup.mjs';
import { measureStateChangeLatency } from './state-change-latency.mjs';
import { measureTeamBoard } from './team-board.mjs';
import { disposeAllHomes, tmuxPath } from './temp-home.mjs';
import { measureUsageRefresh } from './usage-refresh.mjs';

/** The real codex the tests use (scripts/install-real-clis.sh), for section i. */
const realCodexBinary = () => realCliBinary('codex');

const RESULTS_DIR = new URL('./results/', import.meta.url);

function cleanUp() {
  killLiveChildren();
  disposeAllHomes();
}

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.stderr.write(`\n${signal}: cleaning up…\n`);
    cleanUp();
    process.exit(130);
  });
}

const progress = (message) => process.stderr.write(`  … ${message}\n`);
const verdict = (met) => (met ? 'met' : 'MISSED');
const ms = (value) => `${value.toFixed(1).padStart(7)} ms`;

function machineFacts() {
  const run = (file, args) => execFileSync(file, args, { encoding: 'utf8' }).trim();
  return {
    nproc: Number(run('nproc', [])),
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    node: process.version,
    tmux: run(tmuxPath(), ['-V']),
    agentpool: run(CLI_PATH, ['--version']),
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    load_average_at_start: os.loadavg().map((load) => Number(load.toFixed(2))),
  };
}

function printMachine(machine) {
  console.log(`agentpool ${machine.agentpool} benchmark — ${new Date().toISOString()}`);
  console.log(`machine: nproc ${machine.nproc} (${machine.cpu_model}), ${machine.platform}`);
  console.log(`         node ${machine.node}, ${machine.tmux}, load average ${machine.load_average_at_start.join(' ')}`);
}

function printStartup(s) {
  console.log(`\n(a) Start-up — median wall time of ${s.runs} runs after ${s.warmups} warm-ups, fresh AGENTPOOL_HOME each`);
  console.log(`  ${'node -e 0'.padEnd(28)}${ms(s.baseline.median_ms)}`);
  for (const row of [s.version, s.inventory, s.inventory_with_config]) {
    console.log(
      `  ${row.command.padEnd(28)}${ms(row.median_ms)}  ${`${row.ratio.toFixed(2)}×`.padStart(6)}  target ≤ ${row.target_ratio}×  ${verdict(row.met)}`,
    );
  }
  for (const row of [s.version, s.inventory, s.inventory_with_config]) {
    if (!row.loaded) continue;
    console.log(
      `  ${row.command}: ${row.loaded.chunks.length} bundle chunks, terminal emulator ${row.loaded.loads_emulator ? 'LOADED' : 'not loaded'}`,
    );
  }
}

function printLatency(all) {
  console.log(
    `\n(b) State-change latency — the deciding write landing → observe --wait-for exits, ${all.trials_per_variant} trials per variant`,
  );
  for (const key of ['question', 'result_block', 'hooks', 'native_signal', 'native_approval']) {
    const l = all[key];
    if (!l) continue;
    console.log(`  ${key} (${l.provider}): ${l.label}`);
    if (!l.succeeded) {
      console.log(`    no trial succeeded: ${l.failures[0]?.reason}`);
      continue;
    }
    console.log(
      `    p50 ${ms(l.p50_ms)}  p95 ${ms(l.p95_ms)}  max ${ms(l.max_ms)}  (targets ${l.targets.p50_ms} / ${l.targets.p95_ms} ms: ${verdict(l.met.p50 && l.met.p95)})`,
    );
    const decided = Object.entries(l.decided_by)
      .map(([by, n]) => `${by} ${n}`)
      .join(', ');
    console.log(
      `    decided by: ${decided}; failures ${l.failures.length}/${l.trials}; observe running ≥ ${l.min_observe_head_start_ms} ms before${l.failures.map((f) => `\n    trial ${f.trial}: ${f.reason}`).join('')}`,
    );
    if (l.stop_hook_record_after_block_ms_median != null)
      console.log(
        `    the Stop hook record landed ${l.stop_hook_record_after_block_ms_median} ms after the block (median); observe exited ${l.observe_exit_after_stop_hook_record_ms_median} ms after that record`,
      );
  }
}

function printIdle(c) {
  console.log(`\n(c) Idle cost — ${c.workers} idle fake workers, ${c.workers} waiting observe processes, ${c.window_s} s window`);
  console.log(
    `  CPU, % of one core (${c.clock_ticks_per_s} ticks/s; window opened ${(c.settle_ms / 1000).toFixed(1)} s after the observes started)`,
  );
  for (const group of Object.values(c.cpu)) {
    const name = `${group.label} (${group.processes})`;
    console.log(`    ${name.padEnd(42)}${`${group.percent_of_core.toFixed(2)} %`.padStart(9)}   ${group.cpu_seconds.toFixed(2)} CPU-s`);
  }
  console.log(
    `    ${'total'.padEnd(42)}${`${c.total_percent_of_core.toFixed(2)} %`.padStart(9)}   ${c.total_cpu_seconds.toFixed(2)} CPU-s   target < ${c.targets.total_percent_of_core} %  ${verdict(c.met.cpu)}`,
  );
  console.log(
    `  tmux commands: ${c.tmux_commands} in the window = ${c.tmux_commands_per_s}/s = ${c.tmux_commands_per_worker_per_10s} per worker per 10 s   target < ${c.targets.tmux_commands_per_worker_per_10s}  ${verdict(c.met.tmux_commands)}`,
  );
  console.log(`    observe CPU-s per 5 s of the window: ${c.observe_cpu_seconds_per_5s.join(' ')}`);
  const bySubcommand = Object.entries(c.tmux_commands_by_subcommand).sort((a, b) => b[1] - a[1]);
  if (bySubcommand.length > 0) console.log(`    by subcommand: ${bySubcommand.map(([name, n]) => `${name} ${n}`).join(', ')}`);
  if (c.observe_rss_mb?.processes)
    console.log(
      `  observe RSS at the end of the window: mean ${c.observe_rss_mb.mean} MB, max ${c.observe_rss_mb.max} MB (private ${c.observe_rss_mb.anon_mean} MB mean)`,
    );
  if (c.observes_exited_during_window > 0)
    console.log(`  warning: ${c.observes_exited_during_window} observe processes exited during the window`);
}

function printRender(r) {
  console.log(`\n(e) Rendering cost — ${r.input_mb} MB of output per input`);
  console.log(
    '  in process, createStreamRenderer (fresh node process each; 4 MiB reads, 20 000 lines of scrollback, then every line read):',
  );
  for (const row of r.in_process)
    console.log(
      `    ${row.input.padEnd(68)} ${`${row.cpu_ms_per_mb}`.padStart(6)} ms CPU/MB ${`${row.mb_per_s}`.padStart(6)} MB/s   (first renderer ${row.first_render_ms} ms, RSS ${row.rss_mb_after} MB)`,
    );
  console.log(`  agentpool transcript <id> on an ended session holding the input (median of ${r.cli_runs}; minus a 1-byte stream):`);
  for (const row of r.cli_transcript)
    console.log(
      `    ${row.input.padEnd(68)} ${`${row.cpu_ms_per_mb}`.padStart(6)} ms CPU/MB ${`${row.mb_per_s}`.padStart(6)} MB/s   (${row.cpu_ms} ms CPU, ${row.wall_ms} ms wall; empty: ${row.empty_stream_cpu_ms} / ${row.empty_stream_wall_ms} ms)`,
    );
  console.log('  one observer look (lines since the turn began, screen, result block) as the turn grows, CPU ms per look:');
  for (const [mode, series] of Object.entries(r.observer_looks))
    console.log(
      `    ${mode.padEnd(10)} ${series.points.map((p) => `${p.turn_log_lines} lines: ${p.cpu_ms_per_look} ms${p.truncated ? ' (past scrollback)' : ''}`).join(' · ')}`,
    );
}

function printMemory(m) {
  console.log(
    `\n(d) Observer memory — one observe --wait-for completed per chatty worker, ${m.seconds} s, ${m.pairs_run_side_by_side} pairs side by side, RSS every ${m.sample_ms / 1000} s`,
  );
  if (m.bare_node)
    console.log(
      `  a bare node process: ${m.bare_node.rss_mb} MB RSS (${m.bare_node.anon_mb} MB private, ${m.bare_node.file_mb} MB mapped files)`,
    );
  if (m.observer_node_options) console.log(`  observers ran with NODE_OPTIONS=${m.observer_node_options}`);
  for (const key of ['normal', 'alternate', 'screen_only']) {
    const o = m[key];
    if (!o) continue;
    console.log(
      `  ${key}: ${o.worker} — ${o.mb_followed} MB followed, observer ${o.observer_state} after ${(o.observer_waited_ms / 1000).toFixed(1)} s`,
    );
    console.log(
      `    RSS max ${o.rss_mb.max_sampled} MB (peak ${o.rss_mb.peak_vmhwm}), final ${o.rss_mb.final} MB; at 10 s ${o.rss_mb.at_10_s}, at 60 s ${o.rss_mb.at_60_s}   target < ${o.target_rss_mb} MB  ${verdict(o.met)}`,
    );
    console.log(
      `    private (RssAnon) at 10 s ${o.rss_anon_mb.at_10_s}, max ${o.rss_anon_mb.max_sampled}, final ${o.rss_anon_mb.final} MB; mapped files ${o.rss_file_mb_final} MB`,
    );
    console.log(`    RSS max per minute: ${o.rss_mb_max_per_minute.join(' ')}`);
    console.log(
      `    CPU ${o.cpu_seconds} s = ${o.cpu_percent_of_core} % of a core (${o.cpu_ms_per_mb_followed} ms per MB followed; its tmux clients ${o.children_cpu_seconds} s more, ${o.cpu_percent_of_core_with_children} % with them); per minute: ${o.cpu_seconds_per_minute.join(' ')}`,
    );
    console.log(`    tmux commands ${o.tmux_commands} (${o.tmux_commands_per_s}/s)`);
  }
  if (m.tmux_server_cpu_seconds != null) console.log(`  tmux server (all pairs): ${m.tmux_server_cpu_seconds} CPU-s`);
}

function printUsageRefresh(u) {
  console.log(`\n(f) usage refresh of ${u.providers} providers, each endpoint answering after ${u.endpoint_delay_ms} ms`);
  console.log(
    `  wall time of \`agentpool usage\` (start-up included): median ${ms(u.median_ms)}  target < ${u.target_ms} ms: ${verdict(u.met)}`,
  );
  console.log(`  trials: ${u.trials_ms.map((value) => `${value} ms`).join(', ')}`);
}

function printLogScan(l) {
  console.log(
    `\n(h) local-log scan of a generated ${l.history_mib} MiB history (${l.files} files), agentpool vs ccusage ${l.ccusage_version}`,
  );
  console.log(
    `  cold: agentpool ${ms(l.cold_ms.agentpool)}, ccusage ${ms(l.cold_ms.ccusage)}  target no slower: ${verdict(l.cold_ms.agentpool <= l.cold_ms.ccusage)}`,
  );
  console.log(
    `  peak memory: agentpool ${l.peak_rss_mb.agentpool} MB, ccusage ${l.peak_rss_mb.ccusage} MB  target < ${l.targets.peak_rss_mb} MB: ${verdict(l.peak_rss_mb.agentpool < l.targets.peak_rss_mb)}`,
  );
  console.log(
    `  tokens per day over ${l.days} days equal: ${verdict(l.totals_equal)}${l.totals_equal ? '' : ` ${JSON.stringify(l.mismatches)}`}`,
  );
  console.log(
    `  re-scan after one appended line: p50 ${ms(l.rescan_after_append_ms.p50)}, p95 ${ms(l.rescan_after_append_ms.p95)}  target < ${l.targets.rescan_ms} ms: ${verdict(l.rescan_after_append_ms.p50 < l.targets.rescan_ms)}; nothing new: p50 ${ms(l.rescan_unchanged_ms.p50)}`,
  );
}

function printPoolStatus(p) {
  console.log(`\n(i) agentpool pool status for ${p.accounts} Codex accounts, a real codex app-server each, loopback usage endpoint`);
  console.log(`  wall time (start-up included): median ${ms(p.median_ms)}  target < ${p.target_ms} ms: ${verdict(p.met)}`);
  console.log(`  trials: ${p.trials_ms.map((value) => `${value} ms`).join(', ')}`);
}

function printTeamBoard(j) {
  const row = (name, op) => `  ${name.padEnd(26)} p50 ${ms(op.p50_ms)}  p95 ${ms(op.p95_ms)}  max ${ms(op.max_ms)}  (n=${op.n})`;
  console.log(
    `\n(j) Team board — p95 per operation, each one BEGIN IMMEDIATE transaction on a real SQLite file (target < ${j.target_p95_ms} ms)`,
  );
  console.log('  one process, a board of 200 tasks:');
  for (const [name, op] of Object.entries(j.single)) console.log(row(name, op));
  console.log(`  worst p95 ${ms(j.worst_single_p95_ms)}: ${verdict(j.met)}`);
  for (const c of j.contended) {
    console.log(
      `  ${c.processes} processes claiming ${c.tasks} tasks at once (claimed ${c.claimed}, wall ${c.wall_s} s; the write lock is one queue):`,
    );
    for (const [name, op] of Object.entries(c.ops)) console.log(row(name, op));
    console.log(`  worst p95 with ${c.processes} processes ${ms(c.worst_p95_ms)}: ${verdict(c.met)}`);
  }
}

function printMcpNotify(g) {
  console.log(`\n(g) MCP subscription — "Question:" in stream.raw → notifications/resources/updated at the client, ${g.trials} trials`);
  console.log(
    `  p50 ${ms(g.p50_ms)}  p95 ${ms(g.p95_ms)}  max ${ms(g.max_ms)}  (target p50 ≤ ${g.targets.p50_ms} ms: ${verdict(g.met)}); failures ${g.failures.length}/${g.trials}${g.failures.map((f) => `\n  trial ${f.trial}: ${f.reason}`).join('')}`,
  );
}

async function section(name, measure, print, results, errors) {
  const started = performance.now();
  try {
    results[name] = await measure();
    results[name].duration_s = Number(((performance.now() - started) / 1000).toFixed(1));
    print(results[name]);
  } catch (error) {
    errors[name] = String(error?.stack ?? error);
    console.log(`\n(${name}) could not be measured: ${error?.message ?? error}`);
  }
}

async function main() {
  const results = { started_at: new Date().toISOString(), machine: machineFacts() };
  const errors = {};
  printMachine(results.machine);
  const only = (benchEnv('BENCH_SECTIONS') ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const wanted = (letter) => only.length === 0 || only.includes(letter);
  try {
    if (wanted('a')) {
      progress('start-up runs…');
      await section('startup', measureStartup, printStartup, results, errors);
    }
    if (wanted('b')) {
      progress('latency trials…');
      await section(
        'state_change_latency',
        () =>
          measureStateChangeLatency({
            onTrial: (variant, t) =>
              progress(`${variant} trial ${t.trial}: ${t.failure ?? `${t.latency_ms.toFixed(1)} ms (${t.decided_by})`}`),
          }),
        printLatency,
        results,
        errors,
      );
    }
    if (wanted('c')) await section('idle_cost', () => measureIdleCost({ log: progress }), printIdle, results, errors);
    if (wanted('e')) await section('render_cost', () => measureRenderCost({ log: progress }), printRender, results, errors);
    if (wanted('f')) await section('usage_refresh', () => measureUsageRefresh({ log: progress }), printUsageRefresh, results, errors);
    if (wanted('i'))
      await section(
        'pool_status',
        () => measurePoolStatus({ log: progress, codexBinary: realCodexBinary() }),
        printPoolStatus,
        results,
        errors,
      );
    if (wanted('h')) await section('log_scan', () => measureLogScan({ log: progress }), printLogScan, results, errors);
    if (wanted('g')) await section('mcp_notify_latency', () => measureMcpNotifyLatency({ log: progress }), printMcpNotify, results, errors);
    if (wanted('j')) await section('team_board', () => measureTeamBoard({ log: progress }), printTeamBoard, results, errors);
    if (wanted('d')) await section('observer_memory', () => measureObserverMemory({ log: progress }), printMemory, results, errors);
  } finally {
    cleanUp();
  }
  results.finished_at = new Date().toISOString();
  results.machine.load_average_at_end = os.loadavg().map((load) => Number(load.toFixed(2)));
  console.log(`\nload average at the end: ${results.machine.load_average_at_end.join(' ')}`);
  if (Object.keys(errors).length > 0) results.errors = errors;
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = new URL('latest.json', RESULTS_DIR);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nfigures written to bench/results/latest.json`);
  return Object.keys(errors).length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    cleanUp();
    process.exit(1);
  },
);
