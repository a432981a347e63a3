#!/usr/bin/env node
// Captures the raw pane stream of a real agent CLI doing two turns against the model imitation, for
// the renderer and turn-reading fixtures. Usage (after `pnpm build` and scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-real-cli.mjs <claude-code|codex> [--alt-screen] [--out <dir>]
// Writes <cli>-<version>-<name>.raw (the bytes tmux piped from the pane) and a .json beside it
// (pane size, where each turn began, what was sent and what the imitation answered).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resultProtocolInstructions } from '@agentpool/core';
import { prepareClaudeHome, prepareCodexHome, REAL_CLI_VERSIONS, realCliBinary, startModelImitation } from '../dist/index.js';

const args = process.argv.slice(2);
const cli = args[0];
if (cli !== 'claude-code' && cli !== 'codex') {
  console.error('usage: capture-real-cli.mjs <claude-code|codex> [--alt-screen] [--out <dir>]');
  process.exit(2);
}
const altScreen = args.includes('--alt-screen');
const outIndex = args.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? args[outIndex + 1] : new URL('../captures', import.meta.url).pathname);
const binary = realCliBinary(cli);
if (!binary) {
  console.error(`${cli} is not installed: run scripts/install-real-clis.sh`);
  process.exit(1);
}
const COLS = 120;
const ROWS = 40;

const block = (summary, findings) =>
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
const replies = {
  first: `I looked at the folder: it holds one README.\n\n${block('inspected the folder', 'one README file')}`,
  second: `Second turn: the README says hello.\n\n${block('answered the follow-up', 'the README says hello')}`,
};
const turns = [
  { sent: `Inspect the folder and report.\n${resultProtocolInstructions()}`, reply: replies.first },
  { sent: 'Second turn: what does the README say? End with a result block again.', reply: replies.second },
];

const imitation = await startModelImitation({
  reply: (request) => {
    if (!request.hasTools) return { text: 'Folder inspection' };
    if (request.lastUserText.includes('Second turn')) return { text: replies.second };
    if (request.lastUserText.includes('Inspect the folder')) return { text: replies.first };
    return { text: 'ok' };
  },
});

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ap-capture-')));
const repo = join(root, 'repo');
mkdirSync(repo);
writeFileSync(join(repo, 'README.md'), 'hello\n');
const home = join(root, 'home');
const env = cli === 'claude-code' ? prepareClaudeHome(home, imitation.url, [repo]) : prepareCodexHome(home, imitation.url, [repo]);
const argv = cli === 'claude-code' ? [binary] : [binary, '--no-daemon', ...(altScreen ? [] : ['--no-alt-screen'])];
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
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
async function waitFor(test, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (test(screen())) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
}
const readyPrompt =
  cli === 'claude-code' ? /^❯\s*$/m : /^› (Ask Codex|Implement|Find and fix|Write tests|Improve|Summarize|Explain|Use \/)/m;

const envArgs = Object.entries({ ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' }).flatMap(([k, v]) => [
  '-e',
  `${k}=${v}`,
]);
try {
  tmux(
    'new-session',
    '-d',
    '-s',
    'w',
    '-x',
    String(COLS),
    '-y',
    String(ROWS),
    '-c',
    repo,
    ...envArgs,
    ...argv,
    ';',
    'pipe-pane',
    '-O',
    '-t',
    'w',
    `cat >> '${raw}'`,
  );
  await waitFor((text) => readyPrompt.test(text), 'the input prompt');
  await sleep(1500);
  const recorded = [];
  for (const [index, turn] of turns.entries()) {
    const offset = size();
    execFileSync('tmux', ['-S', socket, '-f', '/dev/null', 'load-buffer', '-b', 'p', '-'], { input: turn.sent });
    tmux('paste-buffer', '-p', '-d', '-b', 'p', '-t', 'w');
    await sleep(300);
    tmux('send-keys', '-t', 'w', 'Enter');
    const summary = index === 0 ? 'Summary: inspected the folder' : 'Summary: answered the follow-up';
    await waitFor((text) => text.includes(summary) && readyPrompt.test(text.split(summary)[1] ?? ''), `turn ${index + 1} to finish`);
    await sleep(1500);
    recorded.push({ number: index + 1, offset, sent: turn.sent, reply: turn.reply });
  }
  const version = REAL_CLI_VERSIONS[cli].version;
  const name = `${cli}-${version}-two-turns${cli === 'codex' ? (altScreen ? '-alt-screen' : '-no-alt-screen') : ''}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.raw`), readFileSync(raw));
  writeFileSync(
    join(outDir, `${name}.json`),
    `${JSON.stringify(
      {
        program: REAL_CLI_VERSIONS[cli].package,
        version,
        argv: argv.slice(1),
        cols: COLS,
        rows: ROWS,
        captured_with: 'tmux pipe-pane -O, against the model imitation of @agentpool/test-utils',
        captured_at: new Date().toISOString(),
        size_bytes: size(),
        turns: recorded,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`wrote ${join(outDir, `${name}.raw`)} (${size()} bytes)`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  try {
    tmux('kill-server');
  } catch {}
  await sleep(1000);
  await imitation.close();
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
