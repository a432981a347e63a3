// (h) Local-log scanning: a generated history (Claude Code session logs + Codex rollouts, 1 GiB by
// default, BENCH_LOG_HISTORY_MB to change it) scanned cold by `agentpool usage tokens` and by the
// real ccusage (`daily --json --offline`, the native binary its npm package runs) on the same
// files: wall time and peak memory of each, and whether the tokens per day agree. Then the
// re-scan after appending one line, timed inside one process (the store keeps byte offsets).
// Targets: cold no slower than ccusage, peak memory < 300 MB, re-scan < 50 ms.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLI_PATH } from './agentpool-cli.mjs';
import { benchEnvNumber } from './bench-env.mjs';
import { generateLogHistory } from './log-history.mjs';

export const LOG_SCAN_TARGETS = { peak_rss_mb: 300, rescan_ms: 50 };
const TRIALS = 3;
const require = createRequire(import.meta.url);

/** The native ccusage binary its npm wrapper would run (measured directly, so its memory is its own). */
function ccusageBinary() {
  const wrapper = dirname(require.resolve('ccusage/package.json'));
  const native = createRequire(join(wrapper, 'package.json')).resolve(`@ccusage/ccusage-${process.platform}-${process.arch}/package.json`);
  const bin = join(dirname(native), 'bin');
  return { path: join(bin, readdirSync(bin)[0]), version: require('ccusage/package.json').version };
}

/** Peak resident memory of a process, from its VmHWM, sampled until it exits. */
function runMeasured(file, args, env) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    let peakKb = 0;
    const child = execFile(file, args, { env, maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      clearInterval(timer);
      sample();
      if (error) reject(new Error(`${file} ${args.join(' ')}: ${error.message} ${stderr}`));
      else resolve({ wall_ms: performance.now() - started, peak_rss_mb: peakKb / 1024, stdout });
    });
    const sample = () => {
      try {
        const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (match) peakKb = Math.max(peakKb, Number(match[1]));
      } catch {
        // Exited between samples.
      }
    };
    const timer = setInterval(sample, 5);
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const percentile = (values, p) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((values.length - 1) * p))];
const round = (value) => Number(value.toFixed(1));

export async function measureLogScan({ log = () => {} } = {}) {
  const megabytes = benchEnvNumber('BENCH_LOG_HISTORY_MB', 1024);
  const root = mkdtempSync('/tmp/apb-logs-');
  try {
    const generated = performance.now();
    const history = generateLogHistory(join(root, 'history'), { totalBytes: megabytes * 1024 * 1024, end: Date.now() });
    log(
      `generated ${((history.claude + history.codex) / 1024 / 1024).toFixed(0)} MiB in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
    );
    const env = {
      PATH: process.env.PATH,
      TZ: 'UTC',
      HOME: join(root, 'user'),
      CLAUDE_CONFIG_DIR: history.claudeRoot,
      CODEX_HOME: history.codexRoot,
    };
    const ccusage = ccusageBinary();
    const theirs = [];
    const ours = [];
    let lastHome = null;
    let theirDays = null;
    let ourReport = null;
    for (let trial = 1; trial <= TRIALS; trial++) {
      const them = await runMeasured(ccusage.path, ['daily', '--json', '--offline'], env);
      theirs.push(them);
      theirDays ??= JSON.parse(them.stdout).daily;
      // Cold: an empty store each time.
      lastHome = join(root, `agentpool-${trial}`);
      const us = await runMeasured(CLI_PATH, ['usage', 'tokens', '--since', 'all', '--timezone', 'UTC', '--json'], {
        ...env,
        AGENTPOOL_HOME: lastHome,
      });
      ours.push(us);
      ourReport ??= JSON.parse(us.stdout);
      log(
        `trial ${trial}: ccusage ${them.wall_ms.toFixed(0)} ms ${them.peak_rss_mb.toFixed(0)} MB; agentpool ${us.wall_ms.toFixed(0)} ms ${us.peak_rss_mb.toFixed(0)} MB`,
      );
    }
    // Tokens per day, both agents together, as ccusage's combined `daily` reports them.
    const ourDays = new Map();
    for (const day of ourReport.days) ourDays.set(day.day, (ourDays.get(day.day) ?? 0) + day.tokens.total);
    const mismatches = [];
    const allDays = new Set([...ourDays.keys(), ...theirDays.map((day) => day.period ?? day.date)]);
    for (const day of allDays) {
      const their = theirDays.find((entry) => (entry.period ?? entry.date) === day)?.totalTokens ?? 0;
      if (their !== (ourDays.get(day) ?? 0)) mismatches.push({ day, ccusage: their, agentpool: ourDays.get(day) ?? 0 });
    }

    const newest = readdirSync(join(history.claudeRoot, 'projects'), { recursive: true })
      .filter((name) => String(name).endsWith('.jsonl'))
      .map((name) => join(history.claudeRoot, 'projects', String(name)))
      .sort()[0];
    const line = JSON.stringify({
      type: 'assistant',
      timestamp: new Date().toISOString(),
      sessionId: 'bench',
      requestId: 'req_bench',
      message: {
        id: 'msg_bench',
        role: 'assistant',
        model: 'claude-opus-4-8',
        content: [{ type: 'text', text: 'ok' }],
        usage: { input_tokens: 1, output_tokens: 1 },
      },
    });
    const rescan = await runMeasured(
      process.execPath,
      [fileURLToPath(new URL('./token-rescan.mjs', import.meta.url)), newest, line, '20'],
      {
        ...env,
        AGENTPOOL_HOME: lastHome,
      },
    );
    const times = JSON.parse(rescan.stdout);
    const coldOurs = median(ours.map((run) => run.wall_ms));
    const coldTheirs = median(theirs.map((run) => run.wall_ms));
    const peakOurs = Math.max(...ours.map((run) => run.peak_rss_mb));
    const rescanP50 = median(times.appended);
    return {
      history_mib: round((history.claude + history.codex) / 1024 / 1024),
      files: history.claudeFiles + history.codexFiles,
      ccusage_version: ccusage.version,
      cold_ms: {
        agentpool: round(coldOurs),
        ccusage: round(coldTheirs),
        trials_agentpool: ours.map((run) => round(run.wall_ms)),
        trials_ccusage: theirs.map((run) => round(run.wall_ms)),
      },
      peak_rss_mb: { agentpool: round(peakOurs), ccusage: round(Math.max(...theirs.map((run) => run.peak_rss_mb))) },
      days: allDays.size,
      totals_equal: mismatches.length === 0,
      mismatches: mismatches.slice(0, 5),
      rescan_after_append_ms: { p50: round(rescanP50), p95: round(percentile(times.appended, 0.95)), files_read: times.files_read_max },
      rescan_unchanged_ms: { p50: round(median(times.unchanged)) },
      targets: LOG_SCAN_TARGETS,
      met:
        coldOurs <= coldTheirs &&
        peakOurs < LOG_SCAN_TARGETS.peak_rss_mb &&
        rescanP50 < LOG_SCAN_TARGETS.rescan_ms &&
        mismatches.length === 0,
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
