#!/usr/bin/env node
// Captures the raw pane stream of the real opencode TUI showing one screen state against the model
// imitation, for the screen-rule tests, with the records of agentpool's per-worker plugin.
// Usage (after `pnpm exec turbo run build --filter @agentpool/providers-opencode...` and scripts/install-real-clis.sh):
//   node packages/providers-opencode/scripts/capture-real-opencode.mjs <scenario> [--out <dir>]
//   scenarios: working, approval, question, rate-limit, api-error, auth, offline
// Writes packages/test-utils/captures/opencode-<version>-<scenario>.raw, .json and .signals.jsonl in
// the format of packages/test-utils/scripts/capture-real-cli-states.mjs.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { prepareOpencodeHome, REAL_CLI_VERSIONS, startModelImitation } from '@agentpool/test-utils';
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
} from '../../test-utils/scripts/pane-capture.mjs';
import { opencodeProvider } from '../dist/index.js';

const SCENARIOS = ['working', 'approval', 'question', 'rate-limit', 'api-error', 'auth', 'offline'];
const { scenario, outDir } = captureArguments(SCENARIOS, `usage: capture-real-opencode.mjs <${SCENARIOS.join('|')}> [--out <dir>]`);
const binary = installedBinary('opencode');
const SCRATCH = 'touch x && rm -f x';
const plans = {
  working: {
    what: 'one turn answered slowly (first token after 6 s, then a chunk every 120 ms): the working screen, then the idle prompt under the reply',
    sent: 'Count slowly to three, then end with a result block.',
    replyText: `One, two, three.\n\n${resultBlock('counted to three')}`,
    timing: { firstTokenDelayMs: 6000, chunkDelayMs: 120 },
  },
  approval: {
    what: `one turn whose reply is a bash tool call \`${SCRATCH}\` (config permission bash: ask): the permission prompt, answered with Enter (Allow once), then the final reply`,
    sent: 'Clean up the scratch file, then end with a result block.',
    replyText: `tool call bash {"command":"${SCRATCH}"}, then: Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
    timing: { firstTokenDelayMs: 1500 },
  },
  question: {
    what: 'one turn whose reply is a call of the question tool (OPENCODE_ENABLE_QUESTION_TOOL=1): the question, answered with Enter (first option), then the final reply',
    sent: 'Ask me which file to clean, then end with a result block.',
    replyText: `tool call question {"questions":[{"header":"Scratch file","question":"Which scratch file should I remove?", …}]}, then: Removed x.\n\n${resultBlock('asked which file to remove')}`,
    timing: { firstTokenDelayMs: 1500 },
  },
  'rate-limit': {
    what: 'a turn whose model call fails with HTTP 429 rate_limit_exceeded and retry-after: 3600: opencode waits to retry and says so; nothing more is answered',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 429 rate_limit_exceeded',
    error: {
      status: 429,
      type: 'rate_limit_exceeded',
      message: 'Rate limit reached for gpt-4o in organization org-imitation on requests per min (RPM): Limit 3, Used 3, Requested 1.',
      headers: { 'retry-after': '3600' },
    },
  },
  'api-error': {
    what: 'a turn whose model call fails with HTTP 400 invalid_request_error (not retried): the error opencode shows, then the idle prompt',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 400 invalid_request_error',
    error: { status: 400, type: 'invalid_request_error', message: "Unsupported parameter: 'max_tokens' is not supported with this model." },
  },
  auth: {
    what: 'a turn whose model call fails with HTTP 401 invalid_api_key (the key is refused): what opencode shows, then the idle prompt',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 401 invalid_api_key',
    error: {
      status: 401,
      type: 'invalid_api_key',
      message: 'Incorrect API key provided: sk-imita*****tion. You can find your API key at https://platform.openai.com/account/api-keys.',
    },
  },
  offline: {
    what: 'the model endpoint refuses connections (nothing listens on its port): what opencode shows while it retries',
    sent: 'Say hello, then end with a result block.',
    replyText: '(connection refused)',
  },
};
const plan = plans[scenario];
const toolCall = { name: 'bash', input: { command: SCRATCH, description: 'Remove the scratch file' } };
const questionCall = {
  name: 'question',
  input: {
    questions: [
      {
        header: 'Scratch file',
        question: 'Which scratch file should I remove?',
        options: [
          { label: 'x', description: 'The file named x' },
          { label: 'y', description: 'The file named y' },
        ],
      },
    ],
  },
};
const imitation = await startModelImitation({
  ...(plan.timing ?? {}),
  reply: (request) => {
    if (!request.hasTools) return { text: 'Scratch work' };
    if (plan.error) return { error: plan.error };
    if (scenario === 'approval')
      return request.hasToolResult ? { text: `Cleaned up.\n\n${resultBlock('removed the scratch file')}` } : { toolCall };
    if (scenario === 'question')
      return request.hasToolResult ? { text: `Removed x.\n\n${resultBlock('asked which file to remove')}` } : { toolCall: questionCall };
    return { text: plan.replyText };
  },
});
const root = captureRoot();
const repo = captureRepo(root, 'none');
const home = join(root, 'home');
// Offline: a port nothing listens on (the imitation's, once closed).
const env = prepareOpencodeHome(home, imitation.url);
// opencode offers its question tool only when asked to.
if (scenario === 'question') env.OPENCODE_ENABLE_QUESTION_TOOL = '1';
if (scenario === 'offline') await imitation.close();

// The plugin and config agentpool's adapter gives a worker, with agentpool's signal recorder.
const sessionDir = join(root, 'session');
const signalDir = join(sessionDir, 'signals');
mkdirSync(signalDir, { recursive: true });
const context = { env: { ...env }, settings: {}, signal: undefined };
// The worker's launch request, as agentpool makes it (signals() reads no prompt).
const request = {
  sessionId: 'capture',
  prompt: plan.sent,
  promptMode: 'send_after_launch',
  cwd: repo,
  isolation: 'none',
  role: 'worker',
  sessionDir,
  context,
};
const native = opencodeProvider.signals({ ...request, signalRecorder: { dir: signalDir, argv: recorderArgv() } });
for (const file of native.files) writeFileSync(join(sessionDir, file.path), file.content);
const spec = opencodeProvider.launch(request);
const argv = [binary, ...spec.argv.slice(1), ...native.args];
const signals = native.sources[0].path;

const ready = /Ask anything/;
const busy = /esc interrupt/;
const capture = paneCapture({
  root,
  cwd: repo,
  env: { ...env, ...spec.env, ...native.env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
  argv,
});
const { tmux, size, screen, waitFor, moment, moments, send } = capture;
const turns = [];
const started = Date.now();
try {
  capture.start();
  await waitFor((text) => ready.test(text), 'the input prompt');
  const startupMs = Date.now() - started;
  await sleep(1500);
  moments.push({
    state: 'ready',
    offset: size(),
    what: `the empty input prompt before the first turn (shown ${startupMs} ms after start)`,
  });
  const offset = size();
  await send(plan.sent);
  turns.push({ number: 1, offset, sent: plan.sent, reply: plan.replyText });
  if (scenario === 'working') {
    await moment('working', (text) => busy.test(text) && !text.includes('One, two'), 'the working screen');
    await moment('ready', (text) => text.includes('AGENTPOOL_RESULT_END') && !busy.test(text), 'the turn to finish');
  } else if (scenario === 'approval') {
    await moment('approval_prompt', (text) => /Permission required/.test(text), 'the permission prompt');
    await sleep(3000);
    tmux('send-keys', '-t', 'w', 'Enter');
    await moment('ready', (text) => text.includes('AGENTPOOL_RESULT_END') && !busy.test(text), 'the turn to finish');
  } else if (scenario === 'question') {
    await moment(
      'question',
      (text) => text.includes('Which scratch file should I remove?') && !text.includes('tool call') && !busy.test(text),
      'the question',
    );
    await sleep(3000);
    tmux('send-keys', '-t', 'w', 'Enter');
    await moment('ready', (text) => text.includes('AGENTPOOL_RESULT_END') && !busy.test(text), 'the turn to finish');
  } else if (scenario === 'rate-limit') {
    await moment('limit_reached', (text) => /retry|rate limit/i.test(text.split(plan.sent).at(-1) ?? ''), 'the retry after the limit');
    await sleep(3000);
    moments.push({ state: 'limit_reached', offset: size(), what: 'still waiting to retry, 3 s later' });
  } else if (scenario === 'auth') {
    await moment(
      'auth_required',
      (text) => /Incorrect API key/.test(text.split(plan.sent).at(-1) ?? '') && !busy.test(text),
      'the refused key shown',
    );
  } else if (scenario === 'api-error') {
    await moment(
      'error',
      (text) => /Unsupported parameter/i.test(text.split(plan.sent).at(-1) ?? '') && !busy.test(text),
      'the error shown',
    );
  } else {
    await moment(
      'error',
      (text) => /retry|unable|connect|refused|error/i.test(text.split(plan.sent).at(-1) ?? ''),
      'the failed connection shown',
    );
    await sleep(3000);
    moments.push({ state: 'error', offset: size(), what: 'still failing, 3 s later' });
  }
  await sleep(1500);
  const version = REAL_CLI_VERSIONS.opencode.version;
  const generic = (text) => text.split(root).join('<tmp>').split(process.execPath).join('<node>').split(imitation.url).join('<imitation>');
  console.log(screen());
  writeCapture(capture, {
    outDir,
    name: `opencode-${version}-${scenario}`,
    program: REAL_CLI_VERSIONS.opencode.package,
    version,
    argv,
    capturedWith: "tmux pipe-pane -O, against the model imitation of @agentpool/test-utils, with the adapter's per-worker plugin",
    scenario,
    what: plan.what,
    turns,
    signals,
    generic,
  });
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  capture.stop();
  await sleep(1000);
  if (scenario !== 'offline') await imitation.close();
  removeCaptureRoot(root);
}
