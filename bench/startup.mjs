// (a) Start-up: wall time of short CLI commands as a ratio to a bare `node -e 0`.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { CLI_PATH, cliEnv, REPO_ROOT } from './agentpool-cli.mjs';
import { median, round } from './stats.mjs';
import { createTempHome } from './temp-home.mjs';

const WARMUPS = 3;
const RUNS = 25;

const COMMANDS = [
  { key: 'baseline', label: 'node -e 0', program: process.execPath, args: ['-e', '0'], targetRatio: null },
  { key: 'version', label: 'agentpool --version', program: CLI_PATH, args: ['--version'], targetRatio: 2 },
  { key: 'inventory', label: 'agentpool inventory --json', program: CLI_PATH, args: ['inventory', '--json'], targetRatio: 3 },
  // The usual case after `agentpool init`: a config file to parse and validate.
  {
    key: 'inventory_with_config',
    label: 'inventory --json (config.yaml)',
    program: CLI_PATH,
    args: ['inventory', '--json'],
    targetRatio: 3,
    config: 'version: 1\npolicy:\n  max_parallel_sessions: 4\n  default_isolation: read_only\n',
  },
];

/** Wall time of one run in a fresh home; creating and removing the home is outside the timed span. */
function timeOnce(command) {
  const home = createTempHome();
  try {
    if (command.config) home.writeConfig(command.config);
    const started = performance.now();
    const result = spawnSync(command.program, command.args, {
      cwd: REPO_ROOT,
      env: cliEnv(home.path),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const elapsed = performance.now() - started;
    if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${String(result.stderr).trim()}`);
    return elapsed;
  } finally {
    home.dispose();
  }
}

const MODULE_LOG = new URL('./module-log.mjs', import.meta.url).href;
const CLI_DIST = new URL('../packages/cli/dist/', import.meta.url).href;

/**
 * The CLI bundle's chunks one command loads, from a separate untimed run with a module-load logger
 * preloaded. The terminal emulator (xterm-headless) is large and loaded lazily: start-up commands
 * must not load it, or the timed figures would include it.
 */
function chunksLoaded(command) {
  const home = createTempHome();
  try {
    if (command.config) home.writeConfig(command.config);
    const log = join(home.path, 'modules.log');
    const result = spawnSync(command.program, command.args, {
      cwd: REPO_ROOT,
      env: cliEnv(home.path, { NODE_OPTIONS: `--import=${MODULE_LOG}`, BENCH_MODULE_LOG: log }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (result.status !== 0) throw new Error(`${command.label} exited ${result.status}: ${String(result.stderr).trim()}`);
    const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
    const chunks = [...new Set(urls.filter((url) => url.startsWith(CLI_DIST)).map((url) => basename(new URL(url).pathname)))];
    return { chunks, loads_emulator: chunks.some((name) => name.startsWith('xterm-headless')) };
  } finally {
    home.dispose();
  }
}

export function measureStartup() {
  const samples = Object.fromEntries(COMMANDS.map((command) => [command.key, []]));
  // Interleaved rounds, so drift in machine load touches every command alike.
  for (let round = 0; round < WARMUPS + RUNS; round++) {
    for (const command of COMMANDS) {
      const ms = timeOnce(command);
      if (round >= WARMUPS) samples[command.key].push(ms);
    }
  }
  const baselineMs = median(samples.baseline);
  const figures = { runs: RUNS, warmups: WARMUPS };
  for (const command of COMMANDS) {
    const medianMs = median(samples[command.key]);
    const ratio = medianMs / baselineMs;
    figures[command.key] = {
      command: command.label,
      median_ms: round(medianMs),
      min_ms: round(Math.min(...samples[command.key])),
      ...(command.targetRatio === null
        ? {}
        : { ratio: round(ratio, 2), target_ratio: command.targetRatio, met: ratio <= command.targetRatio }),
      ...(command.program === CLI_PATH ? { loaded: chunksLoaded(command) } : {}),
    };
  }
  return figures;
}
