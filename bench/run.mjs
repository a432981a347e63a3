#!/usr/bin/env node
// agentpool benchmark: start-up time, state-change latency and idle cost, measured in one run on one
// machine. Targets are reported, never asserted: the exit code is non-zero only when a section could
// not be measured. Figures also go to bench/results/latest.json.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { CLI_PATH, killLiveChildren } from './agentpool-cli.mjs';
import { measureIdleCost } from './idle-cost.mjs';
import { measureStartup } from './startup.mjs';
import { measureStateChangeLatency } from './state-change-latency.mjs';
import { disposeAllHomes, tmuxPath } from './temp-home.mjs';

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
}

function printLatency(l) {
  console.log(`\n(b) State-change latency — "Question:" in stream.raw → observe --wait-for question exits, ${l.trials} trials`);
  console.log(`  p50 ${ms(l.p50_ms)}   target ≤ ${l.targets.p50_ms} ms  ${verdict(l.met.p50)}`);
  console.log(`  p95 ${ms(l.p95_ms)}   target ≤ ${l.targets.p95_ms} ms  ${verdict(l.met.p95)}`);
  console.log(`  max ${ms(l.max_ms)}   (min ${l.min_ms} ms)`);
  console.log(`  failures: ${l.failures.length}/${l.trials}${l.failures.map((f) => `\n    trial ${f.trial}: ${f.reason}`).join('')}`);
  console.log(
    `  observe was already running ≥ ${l.min_observe_head_start_ms} ms (median ${l.median_observe_head_start_ms} ms) before each question`,
  );
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
  if (c.observes_exited_during_window > 0)
    console.log(`  warning: ${c.observes_exited_during_window} observe processes exited during the window`);
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
  try {
    progress('start-up runs…');
    await section('startup', measureStartup, printStartup, results, errors);
    progress('latency trials…');
    await section(
      'state_change_latency',
      () => measureStateChangeLatency({ onTrial: (t) => progress(`trial ${t.trial}: ${t.failure ?? `${t.latency_ms.toFixed(1)} ms`}`) }),
      printLatency,
      results,
      errors,
    );
    await section('idle_cost', () => measureIdleCost({ log: progress }), printIdle, results, errors);
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
