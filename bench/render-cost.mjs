// (e) CPU cost of rendering output through the headless terminal emulator.
//
// In process: each input (real captures repeated, synthetic chatty streams; render-inputs.mjs) is
// rendered through createStreamRenderer in a fresh node process (render-child.mjs), as a transcript
// renders a stream. The same child times what a waiting observe does on each look as a turn grows.
// Through the CLI: `agentpool transcript <id>` on an ended session whose stream.raw holds the input;
// its CPU (read from the wrapping shell's reaped-children time) minus that of the same command on a
// 1-byte stream is the rendering's share.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_PATH, cliEnv, killLiveChildren, REPO_ROOT, runCli } from './agentpool-cli.mjs';
import { benchEnvNumber } from './bench-env.mjs';
import { CLOCK_TICKS } from './proc-table.mjs';
import { buildInput, inputSpecs } from './render-inputs.mjs';
import { median, round } from './stats.mjs';
import { createTempHome } from './temp-home.mjs';

const CHILD = new URL('./render-child.mjs', import.meta.url).pathname;
const INPUT_MB = benchEnvNumber('BENCH_RENDER_MB', 4);
const CLI_RUNS = 3;
const MB = 1024 * 1024;

function runNode(args) {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, args, { cwd: REPO_ROOT, maxBuffer: 16 * MB, timeout: 300_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${args.join(' ')}: ${stderr.trim() || error.message}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

/**
 * Runs `agentpool transcript <id> --json` under a shell that prints its own /proc stat afterwards:
 * the shell's reaped-children CPU (cutime + cstime) is the CLI's. Returns CPU and wall time.
 */
function timeTranscript(home, sessionId) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    execFile(
      '/bin/sh',
      ['-c', '"$@" >/dev/null || exit 1; cat /proc/$$/stat', 'sh', CLI_PATH, 'transcript', sessionId, '--json'],
      { cwd: REPO_ROOT, env: cliEnv(home), maxBuffer: MB, timeout: 300_000 },
      (error, stdout, stderr) => {
        const wallMs = performance.now() - started;
        if (error) {
          reject(new Error(`agentpool transcript failed: ${stderr.trim() || error.message}`));
          return;
        }
        const fields = stdout.slice(stdout.lastIndexOf(')') + 2).split(' ');
        const ticks = Number(fields[16 - 3]) + Number(fields[17 - 3]);
        resolve({ cpu_ms: (ticks / CLOCK_TICKS) * 1000, wall_ms: wallMs });
      },
    );
  });
}

/** An ended session of a home whose config sets the pane size; its stream.raw is ours to fill. */
async function endedSession(home, cols, rows) {
  home.writeConfig(`tmux:\n  width: ${cols}\n  height: ${rows}\n`);
  const spawned = await runCli(home.path, ['spawn', '--provider', 'fake-idle', '--task', `Render benchmark session ${cols}x${rows}.`]);
  await runCli(home.path, ['observe', spawned.session_id, '--wait-for', 'idle', '--timeout', '30']).catch(() => {});
  await runCli(home.path, ['terminate', spawned.session_id]);
  return { id: spawned.session_id, stream: join(home.path, 'artifacts', spawned.session_id, 'stream.raw') };
}

async function cliTranscriptCost(home, sessions, spec) {
  const input = buildInput(spec);
  const session = sessions.get(`${input.cols}x${input.rows}`);
  writeFileSync(session.stream, 'x', { mode: 0o600 });
  const base = [];
  for (let run = 0; run < CLI_RUNS; run++) base.push(await timeTranscript(home.path, session.id));
  writeFileSync(session.stream, input.bytes, { mode: 0o600 });
  const full = [];
  for (let run = 0; run < CLI_RUNS; run++) full.push(await timeTranscript(home.path, session.id));
  const size = input.bytes.length / MB;
  const cpu = median(full.map((r) => r.cpu_ms));
  const wall = median(full.map((r) => r.wall_ms));
  const baseCpu = median(base.map((r) => r.cpu_ms));
  const baseWall = median(base.map((r) => r.wall_ms));
  return {
    input: input.label,
    bytes: input.bytes.length,
    cpu_ms: round(cpu),
    wall_ms: round(wall),
    empty_stream_cpu_ms: round(baseCpu),
    empty_stream_wall_ms: round(baseWall),
    cpu_ms_per_mb: round((cpu - baseCpu) / size),
    mb_per_s: round(size / ((wall - baseWall) / 1000), 2),
  };
}

export async function measureRenderCost({ log = () => {} } = {}) {
  const specs = inputSpecs(INPUT_MB);
  const inProcess = [];
  for (const spec of specs) {
    log(`rendering ${spec.name} (${INPUT_MB} MB) in process…`);
    const r = await runNode([CHILD, JSON.stringify({ task: 'throughput', input: spec })]);
    inProcess.push({
      input: r.input,
      bytes: r.bytes,
      pane: `${r.cols}x${r.rows}`,
      cpu_ms_per_mb: round(r.cpu_ms_per_mb),
      mb_per_s: round(r.mb_per_s, 2),
      feed_cpu_ms: round(r.feed_cpu_ms),
      feed_wall_ms: round(r.feed_wall_ms),
      lines: r.lines,
      lines_cpu_ms: round(r.lines_cpu_ms),
      first_render_ms: round(r.first_render_ms),
      rss_mb_after: round(r.rss_mb_after),
    });
  }
  log('timing observer looks as a turn grows…');
  const looks = {
    normal: await runNode([
      CHILD,
      JSON.stringify({ task: 'looks', mode: 'normal', cols: 200, rows: 50, linesPerFrame: 1, checkpoints: [500, 1000, 2500, 5000, 10000] }),
    ]),
    alternate: await runNode([
      CHILD,
      JSON.stringify({
        task: 'looks',
        mode: 'alternate',
        cols: 200,
        rows: 50,
        linesPerFrame: 4,
        checkpoints: [500, 2500, 10000, 20000, 30000],
      }),
    ]),
  };
  for (const series of Object.values(looks)) for (const point of series.points) point.cpu_ms_per_look = round(point.cpu_ms_per_look, 2);

  const home = createTempHome();
  const cli = [];
  try {
    const sizes = new Map();
    for (const spec of specs) {
      const { cols, rows } = buildInput({ ...spec, mb: 0.001 });
      const key = `${cols}x${rows}`;
      if (!sizes.has(key)) {
        log(`preparing an ended ${key} session for agentpool transcript…`);
        sizes.set(key, await endedSession(home, cols, rows));
      }
    }
    for (const spec of specs) {
      log(`agentpool transcript on ${spec.name} (${INPUT_MB} MB)…`);
      cli.push(await cliTranscriptCost(home, sizes, spec));
    }
  } finally {
    killLiveChildren();
    home.dispose();
  }
  return { input_mb: INPUT_MB, in_process: inProcess, observer_looks: looks, cli_transcript: cli, cli_runs: CLI_RUNS };
}
