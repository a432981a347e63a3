#!/usr/bin/env node
// Captures the raw pane stream of the real Gemini CLI showing one screen state, for the gemini-cli
// adapter's screen-rule and hook tests. Online scenarios run against the model imitation (its Gemini
// API, through GOOGLE_GEMINI_BASE_URL); offline ones need nothing. Usage (after `pnpm build` and
// scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-real-cli-gemini.mjs <scenario> [--out <dir>]
//   scenarios: two-turns, working, approval, question, rate-limit, rate-limit-retry, api-error,
//              trust, auth, api-key, network
// Writes gemini-<version>-<scenario>.raw (the bytes tmux piped from the pane), a .json beside it
// (pane size, turns, `what`, `moments`: the stream offsets at which tmux showed each state) and,
// when the CLI ran any hook, <name>.signals.jsonl: the hook records, one `{"at","payload"}` line
// each, as agentpool's signal recorder writes them.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  GEMINI_DAILY_QUOTA_ERROR,
  GEMINI_MINUTE_QUOTA_ERROR,
  IMITATION_GEMINI_KEY,
  prepareGeminiHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  startModelImitation,
} from '../dist/index.js';
import {
  captureArguments,
  captureRepo,
  captureRoot,
  installedBinary,
  paneCapture,
  recorderCommand,
  removeCaptureRoot,
  resultBlock,
  sleep,
  writeCapture,
} from './pane-capture.mjs';

const SCENARIOS = [
  'two-turns',
  'working',
  'approval',
  'question',
  'rate-limit',
  'rate-limit-retry',
  'api-error',
  'trust',
  'auth',
  'api-key',
  'network',
];
const { scenario, outDir } = captureArguments(
  SCENARIOS,
  `usage: capture-real-cli-gemini.mjs <scenario>; scenarios: ${SCENARIOS.join(', ')}`,
);
const binary = installedBinary('gemini');
const MODEL = 'gemini-2.5-flash';

const SCRATCH = 'touch x && rm -f x';
const plans = {
  'two-turns': {
    what: 'two turns, each answered with a result block: start-up, working, the first reply, the second turn and its reply',
    sent: 'Inspect the folder and report, then end with a result block.',
    replyText: `I looked at the folder: it holds one README.\n\n${resultBlock('inspected the folder')}`,
    second: 'Second turn: what does the README say? End with a result block again.',
    secondReply: `Second turn: the README says hello.\n\n${resultBlock('answered the follow-up')}`,
    timing: { firstTokenDelayMs: 2500 },
  },
  working: {
    what: 'one turn answered slowly (first token after 6 s, then a chunk every 120 ms): the working screen, then the empty prompt',
    sent: 'Count slowly to three, then end with a result block.',
    replyText: `One, two, three.\n\n${resultBlock('counted to three')}`,
    timing: { firstTokenDelayMs: 6000, chunkDelayMs: 120 },
  },
  approval: {
    what: `one turn whose reply is a run_shell_command call \`${SCRATCH}\`: the approval prompt, answered with Enter (Allow once), then the final reply`,
    sent: 'Clean up the scratch file, then end with a result block.',
    replyText: `function call run_shell_command {"command":"${SCRATCH}"}, then: Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
    toolCall: { name: 'run_shell_command', input: { command: SCRATCH, description: 'Remove the scratch file' } },
    finalText: `Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
  },
  question: {
    what: 'one turn whose reply is an ask_user call (a choice of two): the question dialog, answered with Enter (the first choice), then the final reply',
    sent: 'Set up the database, then end with a result block.',
    replyText:
      'function call ask_user {"questions":[{"header":"Database","question":"Which database should I use?",…}]}, then: Using PostgreSQL.',
    toolCall: {
      name: 'ask_user',
      input: {
        questions: [
          {
            header: 'Database',
            question: 'Which database should I use?',
            type: 'choice',
            options: [
              { label: 'PostgreSQL', description: 'Relational, with JSON support.' },
              { label: 'SQLite', description: 'One file, no server.' },
            ],
          },
        ],
      },
    },
    finalText: `Using PostgreSQL.\n\n${resultBlock('chose PostgreSQL')}`,
  },
  'rate-limit': {
    what: 'a turn whose model call fails with HTTP 429 RESOURCE_EXHAUSTED, the free tier\u2019s daily quota (QuotaFailure GenerateRequestsPerDayPerProjectPerModel-FreeTier): the quota dialog the CLI shows ("Usage limit reached for …", 1. Keep trying / 2. Stop), left unanswered',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 429 RESOURCE_EXHAUSTED (daily quota)',
    error: GEMINI_DAILY_QUOTA_ERROR,
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
  },
  'rate-limit-retry': {
    what: 'a turn whose first model calls fail with HTTP 429 RESOURCE_EXHAUSTED, the per-minute quota ("Please retry in 6s"): the CLI waits and retries, its screen the same as while it works (moment "working"), and the third call answers',
    sent: 'Say hello, then end with a result block.',
    replyText: `HTTP 429 RESOURCE_EXHAUSTED (per-minute quota) twice, then: Hello.\n\n${resultBlock('said hello')}`,
    error: GEMINI_MINUTE_QUOTA_ERROR,
    failures: 2,
    finalText: `Hello.\n\n${resultBlock('said hello')}`,
  },
  'api-error': {
    what: 'a turn whose model call fails with HTTP 400 INVALID_ARGUMENT (not retried): the error the CLI shows; then a second turn answered slowly with a short reply',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 400 INVALID_ARGUMENT: The input token count exceeds the maximum number of tokens allowed',
    error: {
      status: 400,
      type: 'INVALID_ARGUMENT',
      message: 'The input token count (1250000) exceeds the maximum number of tokens allowed (1048576).',
    },
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
  },
  trust: { what: 'start-up in a folder never trusted (API key and auth type set): the trust dialog, nothing answered' },
  auth: {
    what: 'start-up in a trusted folder with no API key and no auth type chosen (offline): the authentication dialog, nothing answered',
  },
  'api-key': {
    what: 'start-up in a trusted folder with GEMINI_API_KEY set but no auth type chosen (offline): the authentication dialog offering the key, nothing answered',
  },
  network: {
    what: 'a turn against an API address where nothing listens (127.0.0.1, a closed port): what the CLI shows when it cannot reach the model',
    sent: 'Say hello, then end with a result block.',
    replyText: '(nothing: connection refused)',
  },
};
const plan = plans[scenario];

let failuresLeft = plan.failures ?? 0;
const imitation = await startModelImitation({
  ...(plan.timing ?? {}),
  reply: (request) => {
    if (!request.hasTools) return { text: '{"complexity_reasoning":"simple","complexity_score":10}' };
    if (scenario === 'rate-limit-retry') {
      if (failuresLeft > 0) {
        failuresLeft--;
        return { error: plan.error };
      }
      return { text: plan.finalText };
    }
    if (plan.error) return request.lastUserText.includes(plan.second) ? { text: plan.secondReply } : { error: plan.error };
    if (scenario === 'two-turns') return { text: request.lastUserText.includes('Second turn') ? plan.secondReply : plan.replyText };
    if (plan.toolCall) return request.hasToolResult ? { text: plan.finalText } : { toolCall: plan.toolCall };
    return { text: plan.replyText };
  },
});

const root = captureRoot();
const repo = captureRepo(root, 'none');
const home = join(root, 'home');

// What the hooks record, as agentpool's signal recorder writes it.
const signals = join(root, 'signals.jsonl');
const command = recorderCommand(signals);
// The hooks the captures were made with: the adapter's (`geminiHooks`) plus Notification, whose ToolPermission
// records the parser tests read (the adapter leaves it out: Gemini awaits it before its dialog takes keys).
const EVENTS = ['BeforeAgent', 'AfterAgent', 'AfterTool', 'Notification', 'SessionEnd'];
const hooks = Object.fromEntries(
  EVENTS.map((event) => [
    event,
    [
      {
        ...(event === 'AfterTool' ? { matcher: '.*' } : {}),
        hooks: [{ name: 'agentpool-signal', type: 'command', command, timeout: 10_000 }],
      },
    ],
  ]),
);

const offline = scenario === 'auth' || scenario === 'api-key';
const trusted = scenario === 'trust' ? [] : [repo];
let env = prepareGeminiHome(home, scenario === 'network' ? 'http://127.0.0.1:9' : imitation.url, trusted, {
  hooks,
  // As the adapter's settings: no "executing hook" line naming the recorder on screen.
  hooksConfig: { notifications: false },
  // As the adapter's settings: a model call being retried says so ("Trying to reach … (Attempt 2/10)").
  ui: { errorVerbosity: 'full' },
});
if (offline) {
  const settings = JSON.parse(readFileSync(join(home, '.gemini', 'settings.json'), 'utf8'));
  delete settings.security;
  writeFileSync(join(home, '.gemini', 'settings.json'), JSON.stringify(settings, null, 2));
  const { GEMINI_API_KEY: _key, GOOGLE_GEMINI_BASE_URL: _url, ...rest } = env;
  env = scenario === 'api-key' ? { ...rest, GEMINI_API_KEY: IMITATION_GEMINI_KEY } : rest;
}
const argv = [binary, '--model', MODEL];

/** Processes whose environment holds this capture's HOME: gemini and the child it relaunches itself as. */
const ownProcesses = () => processesWithEnv('HOME', home);

// The empty input line: `>   Type your message or @path/to/file` (the placeholder).
const readyPrompt = /^\s*>\s+Type your message/m;
// Busy: the status line (`⠏ Thinking... (esc to cancel, 3s)`), or a hook running (`⠏ Executing Hook: agentpool-signal`).
const busy = /esc to cancel|Executing Hook/;
const capture = paneCapture({
  root,
  cwd: repo,
  env: { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
  argv,
  waitTimeoutMs: 60_000,
});
const { tmux, size, screen, waitFor, moment, moments, send } = capture;
const turns = [];
try {
  capture.start();
  if (scenario === 'trust') {
    await moment('startup_prompt', (text) => /Do you trust the files in this folder\?/.test(text), 'the trust dialog');
    await sleep(1000);
  } else if (offline) {
    await moment('auth_required', (text) => /How would you like to authenticate/.test(text), 'the authentication dialog');
    await sleep(1000);
  } else {
    await waitFor((text) => readyPrompt.test(text), 'the input prompt');
    await sleep(1500);
    moments.push({ state: 'ready', offset: size(), what: 'the empty input prompt before the first turn' });
    const offset = size();
    await send(plan.sent);
    turns.push({ number: 1, offset, sent: plan.sent, reply: plan.replyText });
    if (scenario === 'working') {
      await moment('working', (text) => busy.test(text) && !text.includes('One, two'), 'the working screen');
    } else if (scenario === 'network') {
      await moment('working', (text) => busy.test(text), 'the working screen');
      await moment('error', (text) => !busy.test(text) && readyPrompt.test(text), 'the failure reported', 240_000);
      await sleep(1500);
    } else if (scenario === 'rate-limit-retry') {
      // Between the first rejected call and its retry ("Please retry in 6s"): what the screen shows while the CLI waits.
      const rejected = () => imitation.requests.filter((request) => request.hasTools).length >= 1;
      await waitFor((text) => busy.test(text) && rejected(), 'the first call rejected', 90_000);
      await sleep(2500);
      await moment('working', (text) => busy.test(text), 'waiting to retry after the 429', 10_000);
    } else if (plan.error) {
      // The turn ends with the CLI's own report of the failed call.
      const shown = (text) => !busy.test(text) && /error|limit|quota/i.test(text.split(plan.sent).at(-1) ?? '');
      await moment(scenario === 'rate-limit' ? 'limit_reached' : 'error', shown, 'the failed call reported', 120_000);
      await sleep(2000);
      // The quota dialog ("1. Keep trying", "2. Stop") is where a spent quota leaves the worker: the capture ends on it.
      if (/Keep trying/.test(screen())) plan.second = undefined;
    } else if (scenario === 'approval') {
      await moment('approval_prompt', (text) => /Allow execution|Allow once/i.test(text), 'the approval prompt');
      // Long enough for the permission notification hook to be recorded before the prompt is answered.
      await sleep(4000);
      tmux('send-keys', '-t', 'w', 'Enter');
    } else if (scenario === 'question') {
      await moment('question', (text) => /Which database should I use\?/.test(text), 'the question dialog');
      await sleep(4000);
      tmux('send-keys', '-t', 'w', 'Enter');
    }
  }
  if (plan.sent && scenario !== 'network' && !(plan.error && scenario !== 'rate-limit-retry')) {
    const finished = (text) =>
      text.includes('Summary: ') && readyPrompt.test(text.split('AGENTPOOL_RESULT_END').at(-1) ?? '') && !busy.test(text);
    await moment('ready', finished, 'the turn to finish', 120_000);
    await sleep(1500);
  }
  if (plan.second) {
    const second = size();
    await send(plan.second);
    turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
    await moment('working', (text) => busy.test(text), 'the second turn working');
    const answered = (text) =>
      text.includes(plan.secondReply.split('\n')[0]) && readyPrompt.test(text.split(plan.second).at(-1) ?? '') && !busy.test(text);
    await moment('ready', answered, 'the second turn answered', 120_000);
    await sleep(1500);
  }
  const version = REAL_CLI_VERSIONS.gemini.version;
  writeCapture(capture, {
    outDir,
    name: `gemini-${version}-${scenario}`,
    program: REAL_CLI_VERSIONS.gemini.package,
    version,
    argv,
    capturedWith: `tmux pipe-pane -O, ${offline ? 'offline' : scenario === 'network' ? 'with GOOGLE_GEMINI_BASE_URL at a closed port' : 'against the model imitation of @agentpool/test-utils'}`,
    scenario,
    what: plan.what,
    turns,
    signals,
    // Temporary paths stand for what they are, so the fixture does not depend on where it was made.
    generic: (text) => text.split(root).join('<tmp>').split(process.execPath).join('<node>').split(IMITATION_GEMINI_KEY).join('<key>'),
  });
  console.log(`model calls: ${imitation.requests.map((r) => `${r.path}${r.hasTools ? ' (tools)' : ''}`).join(', ')}`);
} catch (error) {
  console.error(error);
  console.error(`model calls: ${imitation.requests.map((r) => r.path).join(', ')}; unhandled: ${imitation.unhandled.join(', ')}`);
  process.exitCode = 1;
} finally {
  capture.stop();
  // Gemini relaunches itself as a child node process, and neither ends with the pane: end them here.
  await sleep(500);
  for (const pid of ownProcesses()) {
    try {
      process.kill(pid, 'SIGTERM');
    } catch {}
  }
  await sleep(1000);
  for (const pid of ownProcesses()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {}
  }
  await imitation.close();
  removeCaptureRoot(root);
}
