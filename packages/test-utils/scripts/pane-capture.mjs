// The tmux plumbing the capture scripts of the real CLIs share (Claude Code and Codex doing two
// turns, Copilot, Droid, Gemini, opencode): the command line, a throwaway folder with a repo, the
// signal recorder the hooks write through, a pane whose output stream tmux pipes to a file while the
// script waits for screen states and records their offsets, and the files a capture is written to
// (<name>.raw, <name>.json, <name>.signals.jsonl).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { realCliBinary } from '../dist/index.js';

/** The pane size every capture is made at. */
export const COLS = 120;
export const ROWS = 40;

export const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/**
 * The scenario named first on the command line and the folder `--out` names (default: the package's
 * captures); prints `usage` and exits 2 when the scenario is not one of `scenarios`.
 */
export function captureArguments(scenarios, usage) {
  const scenario = process.argv[2];
  if (!scenarios.includes(scenario)) {
    console.error(usage);
    process.exit(2);
  }
  const outIndex = process.argv.indexOf('--out');
  const outDir = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : new URL('../captures', import.meta.url).pathname);
  return { scenario, outDir };
}

/** The installed binary of `cli`; exits 1 saying how to install it when it is not. */
export function installedBinary(cli) {
  const binary = realCliBinary(cli);
  if (!binary) {
    console.error(`${cli} is not installed: run scripts/install-real-clis.sh`);
    process.exit(1);
  }
  return binary;
}

/** A result block with `summary`, `findings` (none by default) and every other section answered plainly. */
export const resultBlock = (summary, findings = 'none') =>
  [
    'AGENTPOOL_RESULT_START',
    `Summary: ${summary}`,
    `Findings: ${findings}`,
    'Files changed: none',
    'Commands run: none',
    'Tests run: none',
    'Blockers: none',
    'Confidence: high',
    'AGENTPOOL_RESULT_END',
  ].join('\n');

/** A throwaway folder for one capture (its real path: the CLIs print that one). */
export const captureRoot = () => realpathSync(mkdtempSync(join(tmpdir(), 'ap-capture-')));

/** Removes the capture's folder, waiting out a CLI still writing in it. */
export const removeCaptureRoot = (root) => rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });

/** `<root>/repo` holding a README; `git`: 'none', 'init' (an empty repository) or 'committed' (the README committed). */
export function captureRepo(root, git) {
  const repo = join(root, 'repo');
  mkdirSync(repo);
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  if (git === 'init' || git === 'committed') execFileSync('git', ['init', '-q', repo]);
  if (git === 'committed') {
    execFileSync('git', ['-C', repo, 'add', '.']);
    execFileSync('git', ['-C', repo, '-c', 'user.name=capture', '-c', 'user.email=capture@example.invalid', 'commit', '-qm', 'init']);
  }
  return repo;
}

// The signal recorder agentpool's sessions use (`signal-recorder.ts`): appends `{at, payload}` per record.
const RECORDER = [
  "const fs = require('fs');",
  'const [file, argument] = process.argv.slice(1);',
  "let payload = argument ?? '';",
  "if (!argument) { try { payload = fs.readFileSync(0, 'utf8'); } catch {} }",
  "fs.appendFileSync(file, JSON.stringify({ at: Date.now(), payload: payload.trim() }) + '\\n', { mode: 0o600 });",
].join(' ');

/** The recorder's argv without its file, as a `SignalRecorder` holds it. */
export const recorderArgv = () => [process.execPath, '-e', RECORDER, '--'];

const shellQuote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The shell command of a hook that records what it is given into `file`. */
export const recorderCommand = (file) => [...recorderArgv(), file].map(shellQuote).join(' ');

/**
 * A pane of a private tmux server (socket in `root`) running `argv` in `cwd` with exactly `env`,
 * started by `start()`, its output stream piped to `raw`. `moment` waits for a screen state, lets
 * the pipe catch up and records the stream offset at which tmux showed it; `waitFor` gives up after
 * `waitTimeoutMs` unless told otherwise. `remainOnExit` keeps the pane when the CLI exits. The pane
 * is COLS x ROWS unless `cols` / `rows` say otherwise.
 */
export function paneCapture({ root, cwd, env, argv, remainOnExit = false, waitTimeoutMs = 90_000, cols = COLS, rows = ROWS }) {
  const socket = join(root, 'tmux.sock');
  const raw = join(root, 'stream.raw');
  const tmux = (...tmuxArgs) => execFileSync('tmux', ['-S', socket, '-f', '/dev/null', ...tmuxArgs], { encoding: 'utf8' });
  const size = () => {
    try {
      return statSync(raw).size;
    } catch {
      return 0;
    }
  };
  const screen = () => tmux('capture-pane', '-p', '-t', 'w');
  async function waitFor(test, what, timeoutMs = waitTimeoutMs) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (test(screen())) return;
      await sleep(100);
    }
    throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
  }
  const moments = [];
  async function moment(state, test, what, timeoutMs) {
    await waitFor(test, what, timeoutMs);
    await sleep(400);
    if (!test(screen())) throw new Error(`${what} went away before it was recorded; screen:\n${screen()}`);
    moments.push({ state, offset: size(), what });
  }
  /** Pastes `text` as one bracketed paste, then submits it with Enter. */
  async function send(text) {
    execFileSync('tmux', ['-S', socket, '-f', '/dev/null', 'load-buffer', '-b', 'p', '-'], { input: text });
    tmux('paste-buffer', '-p', '-d', '-b', 'p', '-t', 'w');
    await sleep(500);
    tmux('send-keys', '-t', 'w', 'Enter');
  }
  function start() {
    const envArgs = Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    tmux(
      'new-session',
      '-d',
      '-s',
      'w',
      '-x',
      String(cols),
      '-y',
      String(rows),
      '-c',
      cwd,
      ...envArgs,
      ...argv,
      ...(remainOnExit ? [';', 'set-option', '-t', 'w', 'remain-on-exit', 'on'] : []),
      ';',
      'pipe-pane',
      '-O',
      '-t',
      'w',
      `cat >> '${raw}'`,
    );
  }
  /** Ends the tmux server, and with it the pane. */
  function stop() {
    try {
      tmux('kill-server');
    } catch {}
  }
  return { raw, tmux, size, screen, waitFor, moment, moments, send, start, stop, cols, rows };
}

/**
 * Writes the capture as `<name>.raw` (the piped stream), `<name>.json` (what was captured, how, and
 * the recorded moments and turns) and, when the hooks recorded anything, `<name>.signals.jsonl`;
 * `generic` rewrites temporary paths in what is written so the fixture does not depend on them.
 */
export function writeCapture(
  capture,
  { outDir, name, program, version, argv, extra = {}, capturedWith, scenario, what, turns, signals, generic },
) {
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.raw`), readFileSync(capture.raw));
  writeFileSync(
    join(outDir, `${name}.json`),
    `${JSON.stringify(
      {
        program,
        version,
        argv: argv.slice(1).map(generic),
        ...extra,
        cols: capture.cols ?? COLS,
        rows: capture.rows ?? ROWS,
        captured_with: capturedWith,
        captured_at: new Date().toISOString(),
        size_bytes: capture.size(),
        scenario,
        what,
        moments: capture.moments,
        turns,
      },
      null,
      2,
    )}\n`,
  );
  if (existsSync(signals)) writeFileSync(join(outDir, `${name}.signals.jsonl`), generic(readFileSync(signals, 'utf8')));
  console.log(
    `wrote ${join(outDir, `${name}.raw`)} (${capture.size()} bytes), moments ${JSON.stringify(capture.moments.map((m) => [m.state, m.offset]))}`,
  );
}
