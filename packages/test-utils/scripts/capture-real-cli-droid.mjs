#!/usr/bin/env node
// Captures the raw pane stream of the real Factory Droid CLI showing one screen state, offline or
// against the model imitation (airgap mode with a custom chat-completions model: prepareDroidHome).
// Usage (after `pnpm build` and scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-real-cli-droid.mjs <scenario> [--out <dir>]
//   scenarios: login, network-failure, trust, working, approval, question, rate-limit, api-error, spec
// Writes droid-<version>-<scenario>.raw, a .json beside it (as capture-real-cli-states.mjs: `moments`
// are the stream offsets at which tmux showed each state) and, when its hooks reported any,
// <name>.signals.jsonl (one `{"at","payload"}` line per hook event, as agentpool's recorder writes them).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DROID_IMITATION_MODEL, prepareDroidHome, REAL_CLI_VERSIONS, startModelImitation } from '../dist/index.js';
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

const SCENARIOS = ['login', 'network-failure', 'trust', 'working', 'approval', 'question', 'rate-limit', 'api-error', 'spec'];
const { scenario, outDir } = captureArguments(SCENARIOS, `usage: capture-real-cli-droid.mjs <scenario>; ${SCENARIOS.join(', ')}`);
const binary = installedBinary('droid');

const SCRATCH = 'touch x && rm -f x';
const plans = {
  login: { what: 'start-up offline without a Factory login (no airgap, no FACTORY_API_KEY): the login screen, nothing answered' },
  'network-failure': {
    what: 'start-up with FACTORY_API_KEY set and the Factory API unreachable (FACTORY_API_BASE_URL at a closed port of 127.0.0.1): what droid shows when it cannot check the key',
  },
  trust: { what: 'start-up in airgap mode in a folder that was never trusted: the trust prompt, nothing answered' },
  spec: {
    what: 'start-up in spec mode (--use-spec, how agentpool runs read_only workers), one turn answered with a result block',
    sent: 'Inspect the folder, then end with a result block.',
    replyText: `The folder holds a README.\n\n${resultBlock('inspected the folder')}`,
  },
  working: {
    what: 'one turn answered slowly (first token after 6 s, then a chunk every 120 ms): the working screen, then the empty prompt',
    sent: 'Count slowly to three, then end with a result block.',
    replyText: `One, two, three.\n\n${resultBlock('counted to three')}`,
    timing: { firstTokenDelayMs: 6000, chunkDelayMs: 120 },
  },
  approval: {
    what: `with --auto low, one turn whose reply is an Execute tool call \`${SCRATCH}\` the model rates medium risk: the approval prompt, answered with Enter (Yes, allow), then the final reply with a result block; then a second turn with a result block`,
    sent: 'Clean up the scratch file, then end with a result block.',
    replyText: `tool call Execute {"command":"${SCRATCH}","riskLevel":"medium"}, then: Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
    second: 'Second turn: what does the README say? End with a result block again.',
    secondReply: `The README says hello.\n\n${resultBlock('answered the follow-up')}`,
  },
  question: {
    what: 'one turn whose reply is an AskUser tool call (one single-choice question, two options): the question screen, answered with Enter (the first option), then the final reply with a result block',
    sent: 'Pick a file to clean up, ask me which, then end with a result block.',
    replyText: `tool call AskUser {"questionnaire":"1. [question] Which file should I clean up? …"}, then: Cleaned up.\n\n${resultBlock('removed the scratch file')}`,
  },
  'rate-limit': {
    what: 'a turn whose model call fails with HTTP 429 (every retry too): the retrying screens, then the error droid shows; then a second turn answered with a short reply',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 429 rate_limit_exceeded',
    error: { status: 429, type: 'rate_limit_exceeded', message: 'Rate limit reached for requests' },
    second: 'Try again.',
    secondReply: 'Hello.',
  },
  'api-error': {
    what: 'a turn whose model call fails with HTTP 400 invalid_request_error: the error droid shows; then a second turn answered with a short reply',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 400 invalid_request_error: prompt is too long',
    error: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens > 200000 maximum' },
    second: 'Try again.',
    secondReply: 'Hello.',
  },
};
const plan = plans[scenario];
const QUESTIONNAIRE = '1. [question] Which file should I clean up?\n[topic] File\n[option] notes.txt\n[option] scratch.txt';
const finalText = `Cleaned up.\n\n${resultBlock('removed the scratch file')}`;
const imitation = await startModelImitation({
  ...(plan.timing ?? {}),
  reply: (request) => {
    if (!request.hasTools) return { text: 'Scratch work' };
    if (plan.second && request.lastUserText.includes(plan.second)) return { text: plan.secondReply };
    if (plan.error) return { error: plan.error };
    if (scenario === 'approval') {
      if (request.hasToolResult) return { text: finalText };
      return {
        toolCall: { name: 'Execute', input: { command: SCRATCH, riskLevel: 'medium', riskLevelReason: 'creates and removes a file' } },
      };
    }
    if (scenario === 'question') {
      if (request.hasToolResult) return { text: finalText };
      return { toolCall: { name: 'AskUser', input: { questionnaire: QUESTIONNAIRE } } };
    }
    return { text: plan.replyText ?? 'ok' };
  },
});

const root = captureRoot();
const repo = captureRepo(root, 'init');
const home = join(root, 'home');
const offline = scenario === 'login' || scenario === 'network-failure';
const env = prepareDroidHome(home, imitation.url, scenario === 'trust' ? [] : [repo]);
if (offline) {
  delete env.FACTORY_AIRGAP_ENABLED;
  if (scenario === 'network-failure') {
    env.FACTORY_API_KEY = 'fk-imitation-key-for-tests';
    env.FACTORY_API_BASE_URL = 'http://127.0.0.1:9';
  }
}

// What the hooks record, as agentpool's signal recorder writes it.
const signals = join(root, 'signals.jsonl');
// The runtime settings file agentpool's Droid adapter writes (`droidRuntimeSettings`): the model and its hook events (plus SessionStart) to the recorder.
const events = ['SessionStart', 'UserPromptSubmit', 'PreToolUse', 'PostToolUse', 'Notification', 'Stop', 'SessionEnd'];
const command = recorderCommand(signals);
const hooks = Object.fromEntries(
  events.map((event) => [
    event,
    [{ ...(event.endsWith('ToolUse') ? { matcher: '*' } : {}), hooks: [{ type: 'command', command, timeout: 10 }] }],
  ]),
);
const settings = join(root, 'droid-settings.json');
writeFileSync(settings, JSON.stringify({ model: DROID_IMITATION_MODEL, hooks }, null, 2));
const argv = [binary, ...(scenario === 'spec' ? ['--use-spec'] : ['--auto', 'low']), '--settings', settings];

// The input box: `│ >` then spaces or a placeholder (a suggestion, spec mode's "Droid will research…").
const readyPrompt = /^│ > [^│]*│$/m;
const emptyPrompt = /^│ >\s+│$/m;
const busy = /\(Press ESC to stop\)/;
const capture = paneCapture({
  root,
  cwd: repo,
  env: { ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' },
  argv,
  remainOnExit: true,
});
const { tmux, size, screen, waitFor, moment, moments, send } = capture;
const turns = [];
try {
  capture.start();
  if (scenario === 'login') {
    await moment('auth_required', (text) => /login with your Factory account/.test(text), 'the login screen');
    await sleep(1000);
  } else if (scenario === 'network-failure') {
    await moment(
      'auth_required',
      (text) => /Authentication failed|could not|unreachable|network|ECONNREFUSED/i.test(text),
      'the failure',
      60_000,
    );
    await sleep(1500);
  } else if (scenario === 'trust') {
    await moment('startup_prompt', (text) => /Trust this folder\?/.test(text), 'the trust prompt');
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
      await moment(
        'ready',
        (text) => text.includes('AGENTPOOL_RESULT_END') && emptyPrompt.test(text) && !busy.test(text),
        'the turn to finish',
      );
    } else if (scenario === 'spec') {
      await moment(
        'ready',
        (text) => text.includes('AGENTPOOL_RESULT_END') && emptyPrompt.test(text) && !busy.test(text),
        'the turn to finish',
      );
    } else if (plan.error) {
      if (scenario === 'rate-limit') {
        await moment('limit_reached', (text) => /Retrying the model request/.test(text), 'the retrying screen');
      }
      const reported = (text) => !busy.test(text) && emptyPrompt.test(text) && /Error/.test(text.split(plan.sent).at(-1) ?? '');
      await moment(scenario === 'rate-limit' ? 'limit_reached' : 'error', reported, 'the failed call reported', 180_000);
      await sleep(2000);
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
      await moment(
        'ready',
        (text) => (text.split(plan.second).at(-1) ?? '').includes(plan.secondReply) && emptyPrompt.test(text) && !busy.test(text),
        'the second turn answered',
      );
    } else if (scenario === 'question') {
      await moment('question', (text) => text.includes('scratch.txt') && !busy.test(text), 'the question');
      await sleep(4000);
      moments.push({ state: 'question', offset: size(), what: 'the question, a few seconds on' });
      tmux('send-keys', '-t', 'w', 'Enter');
      await moment(
        'ready',
        (text) => text.includes('Summary: removed the scratch file') && emptyPrompt.test(text) && !busy.test(text),
        'the turn to finish',
      );
    } else {
      await moment('approval_prompt', (text) => /Command to approve/.test(text), 'the approval prompt');
      // Long enough for the permission notification to be reported before the prompt is answered.
      await sleep(4000);
      tmux('send-keys', '-t', 'w', 'Enter');
      await moment(
        'ready',
        (text) => text.includes('Summary: removed the scratch file') && emptyPrompt.test(text) && !busy.test(text),
        'the turn to finish',
      );
      await sleep(1500);
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
      await moment(
        'ready',
        (text) => text.includes('Summary: answered the follow-up') && emptyPrompt.test(text) && !busy.test(text),
        'the second turn to finish',
      );
    }
    await sleep(1500);
  }
  const version = REAL_CLI_VERSIONS.droid.version;
  writeCapture(capture, {
    outDir,
    name: `droid-${version}-${scenario}`,
    program: REAL_CLI_VERSIONS.droid.package,
    version,
    argv,
    capturedWith: offline
      ? 'tmux pipe-pane -O, offline (no Factory login, no network)'
      : 'tmux pipe-pane -O, airgap mode against the model imitation of @agentpool/test-utils',
    scenario,
    what: plan.what,
    turns,
    signals,
    generic: (text) => text.split(root).join('<tmp>').split(process.execPath).join('<node>').split(binary).join('droid'),
  });
  console.log(screen());
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  capture.stop();
  await sleep(1000);
  await imitation.close();
  removeCaptureRoot(root);
}
