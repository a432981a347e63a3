#!/usr/bin/env node
// Captures the raw pane stream of a real agent CLI doing two turns against the model imitation, for
// the renderer and turn-reading fixtures. Usage (after `pnpm build` and scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-real-cli.mjs <claude-code|codex> [--alt-screen] [--out <dir>]
// Writes <cli>-<version>-<name>.raw (the bytes tmux piped from the pane) and a .json beside it
// (pane size, where each turn began, what was sent and what the imitation answered).
import { join } from 'node:path';
import { resultProtocolInstructions } from '@agentpool/core';
import { prepareClaudeHome, prepareCodexHome, REAL_CLI_VERSIONS, startModelImitation } from '../dist/index.js';
import {
  captureArguments,
  captureRepo,
  captureRoot,
  installedBinary,
  paneCapture,
  removeCaptureRoot,
  resultBlock,
  sleep,
  writeCapture,
} from './pane-capture.mjs';

const { scenario: cli, outDir } = captureArguments(
  ['claude-code', 'codex'],
  'usage: capture-real-cli.mjs <claude-code|codex> [--alt-screen] [--out <dir>]',
);
const altScreen = process.argv.includes('--alt-screen');
const binary = installedBinary(cli);

const replies = {
  first: `I looked at the folder: it holds one README.\n\n${resultBlock('inspected the folder', 'one README file')}`,
  second: `Second turn: the README says hello.\n\n${resultBlock('answered the follow-up', 'the README says hello')}`,
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

const root = captureRoot();
const repo = captureRepo(root, 'none');
const home = join(root, 'home');
const env = cli === 'claude-code' ? prepareClaudeHome(home, imitation.url, [repo]) : prepareCodexHome(home, imitation.url, [repo]);
const argv = cli === 'claude-code' ? [binary] : [binary, '--no-daemon', ...(altScreen ? [] : ['--no-alt-screen'])];
const readyPrompt =
  cli === 'claude-code' ? /^❯\s*$/m : /^› (Ask Codex|Implement|Find and fix|Write tests|Improve|Summarize|Explain|Use \/)/m;

const capture = paneCapture({
  root,
  cwd: repo,
  env: { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
  argv,
  waitTimeoutMs: 60_000,
});
const { size, waitFor, send } = capture;
try {
  capture.start();
  await waitFor((text) => readyPrompt.test(text), 'the input prompt');
  await sleep(1500);
  const recorded = [];
  for (const [index, turn] of turns.entries()) {
    const offset = size();
    await send(turn.sent);
    const summary = index === 0 ? 'Summary: inspected the folder' : 'Summary: answered the follow-up';
    await waitFor((text) => text.includes(summary) && readyPrompt.test(text.split(summary)[1] ?? ''), `turn ${index + 1} to finish`);
    await sleep(1500);
    recorded.push({ number: index + 1, offset, sent: turn.sent, reply: turn.reply });
  }
  const version = REAL_CLI_VERSIONS[cli].version;
  const name = `${cli}-${version}-two-turns${cli === 'codex' ? (altScreen ? '-alt-screen' : '-no-alt-screen') : ''}`;
  writeCapture(capture, {
    outDir,
    name,
    program: REAL_CLI_VERSIONS[cli].package,
    version,
    argv,
    capturedWith: 'tmux pipe-pane -O, against the model imitation of @agentpool/test-utils',
    scenario: 'two-turns',
    what: 'two turns, each answered with a result block',
    turns: recorded,
    generic: (text) => text,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  capture.stop();
  await sleep(1000);
  await imitation.close();
  removeCaptureRoot(root);
}
