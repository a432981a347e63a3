#!/usr/bin/env node
// Captures the raw pane stream of the real GitHub Copilot CLI showing one screen state, for the
// screen-rule and hook tests of @agentpool/providers-copilot. Usage (after `pnpm build` and
// scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-copilot-states.mjs <scenario> [--out <dir>]
//   offline: login, network-failure, trust
//   against the model imitation: working, approval, question, rate-limit, rate-limit-retry, api-error, long-reply
// Writes copilot-<version>-<scenario>.raw (the bytes tmux piped from the pane), a .json beside it
// (pane size, argv, turns, and `moments`: the stream offsets at which tmux showed each state) and,
// when the hooks reported anything, <name>.signals.jsonl: the records of the per-worker hook plugin
// agentpool's adapter configures, as its signal recorder writes them. Copilot is started as the
// adapter starts it (`--no-auto-update --plugin-dir <folder>`), in a pane whose TERM is tmux's own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COPILOT_HOOKS_FILE, copilotHookConfig, copilotPluginManifest } from '../../providers-copilot/dist/index.js';
import { copilotPackageCache, prepareCopilotHome, REAL_CLI_VERSIONS, startModelImitation } from '../dist/index.js';
import {
  captureArguments,
  captureRepo,
  captureRoot,
  installedBinary,
  paneCapture,
  recorderArgv,
  removeCaptureRoot,
  resultBlock,
  sleep,
  writeCapture,
} from './pane-capture.mjs';

const OFFLINE = ['login', 'network-failure', 'trust'];
const SCENARIOS = [...OFFLINE, 'working', 'approval', 'question', 'rate-limit', 'rate-limit-retry', 'api-error', 'long-reply'];
const { scenario, outDir } = captureArguments(
  SCENARIOS,
  `usage: capture-copilot-states.mjs <scenario> [--out <dir>]; scenarios: ${SCENARIOS.join(', ')}`,
);
const binary = installedBinary('copilot');

const SCRATCH = 'touch x && rm -f x';
const longReport = Array.from({ length: 40 }, (_, index) => `- line ${index + 1} of the report on the folder`).join('\n');
// What is sent and answered in each scenario; requests without tools (titles) get a short text.
const plans = {
  login: { what: 'start-up with no GitHub login, no token and no custom provider: the sign-in notice, nothing answered' },
  'network-failure': {
    what: 'start-up with a GitHub token in GH_TOKEN and no network: the failed user look-up, nothing answered',
  },
  trust: { what: 'start-up in a folder never trusted: the folder trust prompt, then answered with Enter (1. Yes, this session only)' },
  working: {
    what: 'one turn answered slowly (first token after 6 s, then a chunk every 120 ms): the working screen, then the empty prompt',
    sent: 'Count slowly to three, then end with a result block.',
    reply: `One, two, three.\n\n${resultBlock('counted to three')}`,
    timing: { firstTokenDelayMs: 6000, chunkDelayMs: 120 },
  },
  approval: {
    what: `one turn whose reply is a bash tool call \`${SCRATCH}\`: the approval prompt, answered with Enter (1. Yes), then the final reply`,
    sent: 'Clean up the scratch file, then end with a result block.',
    reply: `tool call bash {"command":"${SCRATCH}"}, then: Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
    toolCall: { name: 'bash', input: { command: SCRATCH, description: 'Remove the scratch file' } },
  },
  question: {
    what: 'one turn whose reply is an ask_user call with two choices: the question form, answered with Enter (the first choice), then the final reply',
    sent: 'Clean up one of the scratch files, then end with a result block.',
    reply: `tool call ask_user "Which scratch file should I remove?", then: Removed x.txt.\n\n${resultBlock('removed x.txt')}`,
    toolCall: {
      name: 'ask_user',
      input: {
        message: 'Which scratch file should I remove?',
        requestedSchema: { properties: { file: { type: 'string', title: 'File', enum: ['x.txt', 'y.txt'] } }, required: ['file'] },
      },
    },
  },
  'rate-limit': {
    what: 'a turn whose model call fails with HTTP 429 rate_limit_exceeded and retry-after: 3600 (not retried): the limit the CLI shows; then a second turn answered slowly with a short reply',
    sent: 'Say hello, then end with a result block.',
    reply: 'HTTP 429 rate_limit_exceeded',
    error: {
      status: 429,
      type: 'requests',
      code: 'rate_limit_exceeded',
      message:
        'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
      headers: { 'retry-after': '3600' },
    },
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
  },
  'rate-limit-retry': {
    what: 'a turn whose model calls all fail with HTTP 429 rate_limit_exceeded without retry-after: Copilot retries five times (about a minute, the screen only says Working), then shows the failure',
    sent: 'Say hello, then end with a result block.',
    reply: 'HTTP 429 rate_limit_exceeded, every time',
    error: {
      status: 429,
      type: 'requests',
      code: 'rate_limit_exceeded',
      message:
        'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.',
    },
  },
  'api-error': {
    what: 'a turn whose model call fails with HTTP 400 invalid_request_error (not retried): the error the CLI shows; then a second turn answered slowly with a short reply',
    sent: 'Say hello, then end with a result block.',
    reply: 'HTTP 400 invalid_request_error',
    error: { status: 400, type: 'invalid_request_error', message: "Unsupported parameter: 'logit_bias' is not supported with this model." },
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
  },
  // Not named "-two-turns": the stream renderer's two-turn checks (tmux-runtime) list the Claude Code and Codex
  // captures, and Copilot's alternate screen drops the head of a reply longer than the pane, which those checks read.
  'long-reply': {
    what: 'two turns, each ending with a result block; the first reply is longer than the pane, so Copilot scrolls its conversation',
    sent: 'Inspect the folder and report in detail, then end with a result block.',
    reply: `I looked at the folder:\n\n${longReport}\n\n${resultBlock('inspected the folder')}`,
    second: 'Second turn: what does the README say? End with a result block again.',
    secondReply: `The README says hello.\n\n${resultBlock('answered the follow-up')}`,
  },
};
const plan = plans[scenario];

const imitation = await startModelImitation({
  ...(plan.timing ?? {}),
  reply: (request) => {
    if (!request.hasTools) return { text: 'Scratch work' };
    if (plan.second && request.lastUserText.includes(plan.second)) return { text: plan.secondReply };
    if (plan.error) return { error: plan.error };
    if (plan.toolCall) return request.hasToolResult ? { text: plan.reply.split(', then: ').at(-1) } : { toolCall: plan.toolCall };
    return { text: plan.reply };
  },
});

const root = captureRoot();
const repo = captureRepo(root, 'committed');
const home = join(root, 'home');
let env = prepareCopilotHome(home, imitation.url, scenario === 'trust' ? [] : [repo]);
if (scenario === 'login' || scenario === 'network-failure') {
  // No custom provider: Copilot needs a GitHub login (and the network to check it).
  env = { HOME: home, COPILOT_AUTO_UPDATE: 'false', COPILOT_PKG_CACHE_HOME: copilotPackageCache() };
  if (scenario === 'network-failure') env.GH_TOKEN = 'github_pat_11IMITATION0000000000_imitationtokenforcaptures000000000000000000000';
}

// The per-worker hook plugin the adapter writes (`--plugin-dir`), recording through agentpool's signal recorder.
const signalsDir = join(root, 'signals');
mkdirSync(signalsDir);
const signals = join(signalsDir, 'copilot-hooks.jsonl');
const recorder = { dir: signalsDir, argv: recorderArgv() };
writeFileSync(join(signalsDir, 'plugin.json'), JSON.stringify(copilotPluginManifest(), null, 2));
writeFileSync(join(signalsDir, COPILOT_HOOKS_FILE), JSON.stringify(copilotHookConfig(recorder, signals), null, 2));
const argv = [binary, '--no-auto-update', '--plugin-dir', signalsDir];

const hookEvents = () =>
  existsSync(signals)
    ? readFileSync(signals, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(JSON.parse(line).payload).hook_event_name)
    : [];

// The empty input line between its two rules, with the footer's hints below.
const ready = (text) => /^❯\s*$/m.test(text) && /(\/ commands|\? help)/.test(text) && !busy(text);
const busy = (text) => /esc esc (interrupt|edit prompt|stop agents)|esc again to/.test(text);
const capture = paneCapture({ root, cwd: repo, env: { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin' }, argv });
const { tmux, size, waitFor, moment, moments, send } = capture;
const turns = [];
try {
  capture.start();
  if (scenario === 'login') {
    await moment('auth_required', (text) => /Please use \/login to sign in/.test(text), 'the sign-in notice');
    await sleep(1000);
  } else if (scenario === 'network-failure') {
    await moment('error', (text) => /Check your network connection/.test(text), 'the failed user look-up');
    await sleep(1000);
  } else if (scenario === 'trust') {
    await moment('startup_prompt', (text) => /Do you trust the files in this folder\?/.test(text), 'the trust prompt');
    await sleep(1000);
    tmux('send-keys', '-t', 'w', 'Enter');
    await moment('ready', ready, 'the input prompt after trusting the folder');
    await sleep(1000);
  } else {
    await waitFor(ready, 'the input prompt');
    await sleep(1500);
    moments.push({ state: 'ready', offset: size(), what: 'the empty input prompt before the first turn' });
    const offset = size();
    await send(plan.sent);
    turns.push({ number: 1, offset, sent: plan.sent, reply: plan.reply });
    const answered = (reply) => (text) => text.includes(reply.split('\n')[0]) && ready(text.split(reply.split('\n')[0]).at(-1) ?? '');
    if (scenario === 'working') {
      await moment('working', (text) => busy(text) && !text.includes('One, two'), 'the working screen');
      await moment('ready', (text) => text.includes('Summary: counted') && ready(text), 'the turn to finish');
    } else if (scenario === 'approval' || scenario === 'question') {
      const asked = scenario === 'approval' ? /Do you want to run this command\?/ : /needs information\./;
      await moment(scenario === 'approval' ? 'approval_prompt' : 'question', (text) => asked.test(text), `the ${scenario} prompt`);
      // Long enough for the notification hook to be recorded before the prompt is answered.
      await sleep(3000);
      tmux('send-keys', '-t', 'w', 'Enter');
      await moment('ready', (text) => /Summary: removed/.test(text) && ready(text), 'the turn to finish');
    } else if (scenario === 'rate-limit-retry') {
      // Copilot retries quietly: the screen says Working while the hooks report each failed call.
      await waitFor(() => hookEvents().filter((name) => name === 'ErrorOccurred').length >= 2, 'two failed calls reported', 60_000);
      await moment('working', busy, 'Working while Copilot retries after a 429');
      await moment('limit_reached', (text) => /Failed to get response/.test(text) && ready(text), 'the retries given up', 120_000);
    } else if (plan.error) {
      const failed = (text) => /✗ /.test(text.split(plan.sent).at(-1) ?? '') && ready(text);
      await moment(scenario === 'rate-limit' ? 'limit_reached' : 'error', failed, 'the failed call reported');
      await sleep(2000);
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
      await moment('working', busy, 'the second turn working');
      await moment(
        'ready',
        (text) => (text.split(plan.second).at(-1) ?? '').includes(plan.secondReply) && ready(text),
        'the second turn answered',
      );
    } else if (scenario === 'long-reply') {
      await moment('ready', (text) => text.includes('Summary: inspected') && ready(text), 'the first turn to finish');
      await sleep(1500);
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
      await moment('ready', answered('The README says hello.'), 'the second turn to finish');
    }
    await sleep(1500);
  }
  const version = REAL_CLI_VERSIONS.copilot.version;
  writeCapture(capture, {
    outDir,
    name: `copilot-${version}-${scenario}`,
    program: REAL_CLI_VERSIONS.copilot.package,
    version,
    argv,
    extra: { env: Object.keys(env).filter((key) => key !== 'HOME') },
    capturedWith: 'tmux pipe-pane -O, against the model imitation of @agentpool/test-utils',
    scenario,
    what: plan.what,
    turns,
    signals,
    // Temporary paths stand for what they are, so the fixture does not depend on where it was made.
    generic: (text) => text.split(root).join('<tmp>').split(process.execPath).join('<node>').split(imitation.url).join('<imitation>'),
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  // An idle, unauthenticated Copilot burns a core: the server goes, and the CLI with it.
  capture.stop();
  await sleep(1000);
  await imitation.close();
  removeCaptureRoot(root);
}
