#!/usr/bin/env node
// Captures the raw pane stream of a real agent CLI showing one screen state (working, a permission
// or approval prompt, a start-up prompt) against the model imitation, for the screen-rule tests.
// Usage (after `pnpm build` and scripts/install-real-clis.sh):
//   node packages/test-utils/scripts/capture-real-cli-states.mjs <claude-code|codex> <scenario> [--out <dir>]
//   scenarios: claude-code: working, permission, trust, api-key, queued, api-error, rate-limit;
//              codex: working, approval, trust, queued, api-error, rate-limit
//   offline (no imitation): login (a HOME with no credentials and no API key), network-failure
//   (a key, but the model API at a closed port: 127.0.0.1:9); claude-code: first-run-offline (a
//   HOME never used, on a machine that cannot reach api.anthropic.com)
// Writes <cli>-<version>-<scenario>.raw (the bytes tmux piped from the pane), a .json beside it (the
// same fields as capture-real-cli.mjs, plus `scenario`, `what` and `moments`: the stream offsets at
// which tmux showed each state) and, when the CLI reported any, <name>.signals.jsonl: the hook or
// notify records it produced, one `{"at","payload"}` line each, as agentpool's signal recorder writes them.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  IMITATION_ANTHROPIC_KEY,
  prepareClaudeHome,
  prepareCodexHome,
  REAL_CLI_VERSIONS,
  realCliBinary,
  startModelImitation,
} from '../dist/index.js';

const SCENARIOS = {
  'claude-code': [
    'working',
    'permission',
    'trust',
    'api-key',
    'queued',
    'api-error',
    'rate-limit',
    'login',
    'first-run-offline',
    'network-failure',
  ],
  codex: ['working', 'approval', 'trust', 'queued', 'api-error', 'rate-limit', 'login', 'network-failure'],
};
const [cli, scenario] = process.argv.slice(2);
if (!SCENARIOS[cli]?.includes(scenario)) {
  console.error(`usage: capture-real-cli-states.mjs <cli> <scenario>; ${JSON.stringify(SCENARIOS)}`);
  process.exit(2);
}
const outIndex = process.argv.indexOf('--out');
const outDir = resolve(outIndex >= 0 ? process.argv[outIndex + 1] : new URL('../captures', import.meta.url).pathname);
const binary = realCliBinary(cli);
if (!binary) {
  console.error(`${cli} is not installed: run scripts/install-real-clis.sh`);
  process.exit(1);
}
const COLS = 120;
const ROWS = 40;
const claude = cli === 'claude-code';

const block = (summary) =>
  [
    'AGENTPOOL_RESULT_START',
    `Summary: ${summary}`,
    'Findings: none',
    'Files changed: none',
    'Commands run: none',
    'Tests run: none',
    'Blockers: none',
    'Confidence: high',
    'AGENTPOOL_RESULT_END',
  ].join('\n');

// What is sent and answered in each scenario (`replyText` describes what the imitation answers the
// main agent loop: a request offering tools); requests without tools (titles) get a short text.
const SCRATCH = 'touch x && rm -f x';
// Nothing listens on the discard port of the loopback: a connection there is refused at once.
const CLOSED = 'http://127.0.0.1:9';
const CLAUDE_RETRIES = 5;
const CODEX_WAIT_S = 40;
const plans = {
  working: {
    what: 'one turn answered slowly (first token after 6 s, then a chunk every 120 ms): the working screen, then the empty prompt',
    sent: 'Count slowly to three, then end with a result block.',
    replyText: `One, two, three.\n\n${block('counted to three')}`,
    timing: { firstTokenDelayMs: 6000, chunkDelayMs: 120 },
  },
  permission: {
    what: `one turn whose reply is a Bash tool call \`${SCRATCH}\`: the permission prompt, answered with Enter (Yes), then the final reply`,
    sent: 'Clean up the scratch file, then end with a result block.',
    replyText: `tool call Bash {"command":"${SCRATCH}"}, then: Cleaned up.\n\n${block('removed the scratch file')}`,
  },
  approval: {
    what: `one turn whose reply is an exec_command call \`${SCRATCH}\` with sandbox_permissions "require_escalated": the approval prompt, answered with Enter (Yes), then the final reply`,
    sent: 'Clean up the scratch file, then end with a result block.',
    replyText: `function call exec_command {"cmd":"${SCRATCH}","sandbox_permissions":"require_escalated"}, then: Cleaned up.\n\n${block('removed the scratch file')}`,
  },
  queued: {
    what: 'a slow first turn; the second input is sent while the first reply is drawing its result block; captured until the second reply is done',
    sent: 'Count slowly to three, then end with a result block.',
    replyText: `One, two, three.\n\n${block('counted to three')}`,
    second: 'Now say done, with a result block again.',
    secondReply: `Done.\n\n${block('said done')}`,
    timing: { firstTokenDelayMs: 1500, chunkDelayMs: 150 },
  },
  'api-error': {
    what: 'a turn whose model call fails with HTTP 400 invalid_request_error (not retried): the error the CLI shows; then a second turn answered slowly with a short reply',
    sent: 'Say hello, then end with a result block.',
    replyText: 'HTTP 400 invalid_request_error: prompt is too long: 250000 tokens > 200000 maximum',
    error: { status: 400, type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens > 200000 maximum' },
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
  },
  'rate-limit': {
    what: `a turn whose model call fails with HTTP 429 ${claude ? 'rate_limit_error' : 'usage_limit_reached'} and x-should-retry: false: the limit the CLI shows; then a second turn answered slowly with a short reply`,
    sent: 'Say hello, then end with a result block.',
    replyText: `HTTP 429 ${claude ? 'rate_limit_error' : 'usage_limit_reached'}`,
    second: 'Try again.',
    secondReply: 'Hello.',
    timing: { firstTokenDelayMs: 3000 },
    error: {
      status: 429,
      type: claude ? 'rate_limit_error' : 'usage_limit_reached',
      message: claude ? "This request would exceed your account's rate limit. Please try again later." : 'The usage limit has been reached',
      headers: { 'x-should-retry': 'false', 'retry-after': '3600' },
    },
  },
  trust: {
    what: `start-up in a folder that was never trusted${claude ? '' : ' (a git repository: Codex asks only there)'}: the trust prompt, nothing answered`,
  },
  'api-key': {
    what: 'start-up with ANTHROPIC_API_KEY set but never approved in ~/.claude.json: the API-key prompt, nothing answered',
  },
  login: claude
    ? {
        // Offline, Claude's first-run onboarding checks api.anthropic.com before anything else, shows
        // "Unable to connect to Anthropic services" and exits: only a HOME past onboarding gets further.
        what: 'start-up with a HOME holding no credentials and no API key, onboarding marked done (offline the first-run onboarding exits at its connectivity check): the "Not logged in · Run /login" footer; then a task sent, answered with "Not logged in · Please run /login"',
        sent: 'Say hello, then end with a result block.',
        replyText: 'none: no login, no model called',
      }
    : {
        what: 'start-up with a CODEX_HOME holding no credentials, no API key and no custom provider: the sign-in screen, nothing answered',
      },
  'first-run-offline': {
    what: 'first start-up with an empty HOME (no onboarding, no credentials, no API key) on a machine that cannot reach api.anthropic.com: the connectivity check that opens onboarding fails, and Claude exits',
  },
  'network-failure': {
    what: claude
      ? `ANTHROPIC_API_KEY set and approved, ANTHROPIC_BASE_URL at a closed port (${CLOSED}) and CLAUDE_CODE_MAX_RETRIES=${CLAUDE_RETRIES} (the default, 10, gives up only after about 3 minutes): a task sent, the retry countdown, then the error it gives up with`
      : `the model provider's base_url at a closed port (${CLOSED}/v1): a task sent, the reconnecting status for about ${CODEX_WAIT_S} s (0.169 does not give up: it still waited after 11 minutes), nothing answered`,
    sent: 'Say hello, then end with a result block.',
    replyText: 'none: the connection was refused',
  },
};
const plan = plans[scenario];
const offline = scenario === 'login' || scenario === 'network-failure' || scenario === 'first-run-offline';

const toolCall = claude
  ? { name: 'Bash', input: { command: SCRATCH, description: 'Remove the scratch file' } }
  : {
      name: 'exec_command',
      input: { cmd: SCRATCH, sandbox_permissions: 'require_escalated', justification: 'Do you want to remove the scratch file?' },
    };
const finalText = `Cleaned up.\n\n${block('removed the scratch file')}`;
// Offline scenarios talk to no model: no imitation.
const imitation = offline
  ? null
  : await startModelImitation({
      ...(plan.timing ?? {}),
      reply: (request) => {
        if (!request.hasTools) return { text: 'Scratch work' };
        if (scenario === 'working') return { text: plan.replyText };
        if (plan.error) return request.lastUserText.includes(plan.second) ? { text: plan.secondReply } : { error: plan.error };
        if (scenario === 'queued') return { text: request.lastUserText.includes('say done') ? plan.secondReply : plan.replyText };
        if (request.hasToolResult) return { text: finalText };
        return { toolCall };
      },
    });

const root = realpathSync(mkdtempSync(join(tmpdir(), 'ap-capture-')));
const repo = join(root, 'repo');
mkdirSync(repo);
writeFileSync(join(repo, 'README.md'), 'hello\n');
// Codex asks about trust only for a folder inside a git repository.
if (scenario === 'trust' && !claude) execFileSync('git', ['init', '-q', repo]);
const home = join(root, 'home');
const trusted = scenario === 'trust' ? [] : [repo];
const modelUrl = imitation?.url ?? CLOSED;
const env = claude ? prepareClaudeHome(home, modelUrl, trusted) : prepareCodexHome(home, modelUrl, trusted);
if (scenario === 'login' && claude) {
  // No key, no login: only onboarding done and the folder trusted.
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  const state = JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8'));
  delete state.customApiKeyResponses;
  writeFileSync(join(home, '.claude.json'), JSON.stringify(state));
} else if (scenario === 'login') {
  // No provider of its own: Codex needs a ChatGPT login or an OpenAI API key.
  writeFileSync(
    join(env.CODEX_HOME, 'config.toml'),
    ['check_for_update_on_startup = false', '', `[projects.${JSON.stringify(repo)}]`, 'trust_level = "trusted"', ''].join('\n'),
  );
} else if (scenario === 'first-run-offline') {
  // A HOME never used: no onboarding, no trust, no key.
  delete env.ANTHROPIC_API_KEY;
  delete env.ANTHROPIC_BASE_URL;
  rmSync(join(home, '.claude.json'));
} else if (scenario === 'network-failure' && claude) {
  env.CLAUDE_CODE_MAX_RETRIES = String(CLAUDE_RETRIES);
}
if (scenario === 'api-key') {
  // Onboarding done and the folder trusted, but the key never answered: Claude asks about it.
  const state = JSON.parse(readFileSync(join(home, '.claude.json'), 'utf8'));
  delete state.customApiKeyResponses;
  writeFileSync(join(home, '.claude.json'), JSON.stringify(state));
}

// The signal recorder agentpool's sessions use (`signal-recorder.ts`): appends `{at, payload}` per record.
const signals = join(root, 'signals.jsonl');
const RECORDER = [
  "const fs = require('fs');",
  'const [file, argument] = process.argv.slice(1);',
  "let payload = argument ?? '';",
  "if (!argument) { try { payload = fs.readFileSync(0, 'utf8'); } catch {} }",
  "fs.appendFileSync(file, JSON.stringify({ at: Date.now(), payload: payload.trim() }) + '\\n', { mode: 0o600 });",
].join(' ');
const recorder = [process.execPath, '-e', RECORDER, '--', signals];
const quote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;
let argv;
if (claude) {
  // The settings file agentpool's Claude adapter writes (`claudeHookSettings`): every hook event to the recorder.
  const events = ['UserPromptSubmit', 'PostToolUse', 'Stop', 'StopFailure', 'Notification', 'SessionEnd'];
  const command = recorder.map(quote).join(' ');
  const hooks = Object.fromEntries(
    events.map((event) => [
      event,
      [{ ...(event === 'PostToolUse' ? { matcher: '*' } : {}), hooks: [{ type: 'command', command, timeout: 10 }] }],
    ]),
  );
  const settings = join(root, 'claude-settings.json');
  writeFileSync(settings, JSON.stringify({ hooks }, null, 2));
  argv = [binary, '--settings', settings];
} else {
  // As agentpool's Codex adapter launches it: inline mode, no daemon, asks before leaving the sandbox, notify to the recorder.
  argv = [
    binary,
    '--no-alt-screen',
    '--no-daemon',
    '--sandbox',
    'workspace-write',
    '--ask-for-approval',
    'on-request',
    '-c',
    `notify=${JSON.stringify(recorder)}`,
  ];
}

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
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}; screen:\n${screen()}`);
}
const moments = [];
/** Waits for a state, lets the pipe catch up, and records the stream size at which tmux showed it. */
async function moment(state, test, what) {
  await waitFor(test, what);
  await sleep(400);
  if (!test(screen())) throw new Error(`${what} went away before it was recorded; screen:\n${screen()}`);
  moments.push({ state, offset: size(), what });
}
async function send(text) {
  execFileSync('tmux', ['-S', socket, '-f', '/dev/null', 'load-buffer', '-b', 'p', '-'], { input: text });
  tmux('paste-buffer', '-p', '-d', '-b', 'p', '-t', 'w');
  await sleep(500);
  tmux('send-keys', '-t', 'w', 'Enter');
}

const readyPrompt = claude ? /^❯\s*$/m : /^› (Ask Codex|Implement|Find and fix|Write tests|Improve|Summarize|Explain|Use \/)/m;
const busy = claude ? /esc to interrupt/ : /esc to interrupt\)/;
const startupPrompt = { trust: /trust/i, 'api-key': /API key/ };
const envArgs = Object.entries({ ...env, PATH: process.env.PATH ?? '/usr/bin:/bin', TERM: 'xterm-256color' }).flatMap(([k, v]) => [
  '-e',
  `${k}=${v}`,
]);
const turns = [];
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
    // Claude exits after a failed first-run check: its pane stays to be read.
    'set-option',
    '-t',
    'w',
    'remain-on-exit',
    scenario === 'first-run-offline' ? 'on' : 'off',
    ';',
    'pipe-pane',
    '-O',
    '-t',
    'w',
    `cat >> '${raw}'`,
  );
  if (scenario === 'trust' || scenario === 'api-key') {
    await moment('startup_prompt', (text) => startupPrompt[scenario].test(text), `the ${scenario} prompt`);
    await sleep(1000);
  } else if (scenario === 'first-run-offline') {
    await moment('error', (text) => /Unable to connect to Anthropic services/.test(text), 'the failed connectivity check');
    await sleep(1000);
  } else if (scenario === 'login' && !claude) {
    await moment('auth_required', (text) => /Sign in with ChatGPT/.test(text), 'the sign-in screen');
    await sleep(1000);
  } else if (scenario === 'login') {
    // Claude opens its input box as usual; its footer says it has no login.
    const notLoggedIn = (text) => readyPrompt.test(text) && /Not logged in · Run \/login/.test(text);
    await moment('auth_required', notLoggedIn, 'the "Not logged in" footer at start-up');
    await sleep(1000);
    const offset = size();
    await send(plan.sent);
    turns.push({ number: 1, offset, sent: plan.sent, reply: plan.replyText });
    const refused = (text) => !busy.test(text) && readyPrompt.test(text) && /Please run \/login/.test(text.split(plan.sent).at(-1) ?? '');
    await moment('auth_required', refused, 'the task answered with "Please run /login"');
    await sleep(1500);
  } else if (scenario === 'network-failure') {
    await waitFor((text) => readyPrompt.test(text), 'the input prompt');
    await sleep(1500);
    moments.push({ state: 'ready', offset: size(), what: 'the empty input prompt before the first turn' });
    const offset = size();
    await send(plan.sent);
    turns.push({ number: 1, offset, sent: plan.sent, reply: plan.replyText });
    const below = (text) => text.split(plan.sent).at(-1) ?? '';
    if (claude) {
      // "✻ Unable to connect to API (ConnectionRefused) · Retrying in 4s · attempt 4/5", over the busy footer.
      const retrying = (attempt) => (text) => {
        const status = /Retrying in \d+s · attempt (\d+)\//.exec(below(text));
        return status !== null && Number(status[1]) >= attempt;
      };
      await moment('error', retrying(CLAUDE_RETRIES - 2), `retrying: attempt ${CLAUDE_RETRIES - 2} or later`);
      await moment('error', retrying(CLAUDE_RETRIES), `retrying: the last attempt (${CLAUDE_RETRIES})`);
      const gaveUp = (text) => !busy.test(text) && readyPrompt.test(text) && /API Error/.test(below(text));
      await moment('error', gaveUp, 'given up: the error under the task');
      await sleep(1500);
    } else {
      // "• Reconnecting... waiting for network (4s • esc to interrupt)" over "└ Connection failed: …".
      const reconnecting = (seconds) => (text) => {
        const status = /Reconnecting\.\.\..*\((\d+)s • esc to interrupt\)/.exec(below(text));
        return status !== null && Number(status[1]) >= seconds;
      };
      await moment('error', reconnecting(1), 'reconnecting, just after the task was sent');
      await waitFor(reconnecting(CODEX_WAIT_S), `reconnecting for ${CODEX_WAIT_S} s`, (CODEX_WAIT_S + 30) * 1000);
      await moment('error', reconnecting(CODEX_WAIT_S), `still reconnecting after ${CODEX_WAIT_S} s`);
    }
  } else {
    await waitFor((text) => readyPrompt.test(text), 'the input prompt');
    await sleep(1500);
    moments.push({ state: 'ready', offset: size(), what: 'the empty input prompt before the first turn' });
    const offset = size();
    await send(plan.sent);
    turns.push({ number: 1, offset, sent: plan.sent, reply: plan.replyText });
    if (scenario === 'working') {
      await moment('working', (text) => busy.test(text) && !text.includes('one, two') && !text.includes('One, two'), 'the working screen');
    } else if (plan.error) {
      // The turn ends with the CLI's own report of the failed call, under the echoed input.
      const shown = (text) => !busy.test(text) && readyPrompt.test(text) && /error|limit/i.test(text.split(plan.sent).at(-1) ?? '');
      await moment(scenario === 'rate-limit' ? 'limit_reached' : 'error', shown, 'the failed call reported');
      await sleep(2000);
      // The next turn, with the report still on screen above it.
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
      await moment('working', (text) => busy.test(text), 'the second turn working');
      const answered = (text) => {
        const below = text.split(plan.secondReply).at(-1) ?? '';
        return text.includes(plan.secondReply) && readyPrompt.test(below) && !busy.test(text) && (claude || /Worked for /.test(below));
      };
      await moment('ready', answered, 'the second turn answered');
      await sleep(1500);
    } else if (scenario === 'queued') {
      const drawing = (text) => text.includes('Summary: counted') && !text.includes('AGENTPOOL_RESULT_END');
      await moment('working', drawing, 'the first reply drawing its result block');
      const second = size();
      await send(plan.second);
      turns.push({ number: 2, offset: second, sent: plan.second, reply: plan.secondReply });
    } else {
      const question = claude ? /Do you want to proceed\?/ : /Would you like to run the following command\?/;
      await moment('approval_prompt', (text) => question.test(text), 'the approval prompt');
      // Long enough for a permission notification to be reported before the prompt is answered.
      await sleep(8000);
      tmux('send-keys', '-t', 'w', 'Enter');
    }
  }
  if (plan.sent && !plan.error && !offline) {
    const done = scenario === 'queued' ? 'Summary: said done' : 'Summary: ';
    // Both draw their (empty) input line while they work too, and Codex hides its status line while
    // it streams a reply: finished means no busy line, and for Codex its "Worked for" line under the reply.
    const finished = (text) => {
      const below = text.split(done).at(-1) ?? '';
      return readyPrompt.test(below) && !busy.test(text) && (claude || /Worked for /.test(below));
    };
    await moment('ready', finished, 'the turn to finish');
    await sleep(1500);
  }
  const version = REAL_CLI_VERSIONS[cli].version;
  const name = `${cli}-${version}-${scenario}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${name}.raw`), readFileSync(raw));
  // Temporary paths stand for what they are, so the fixture does not depend on where it was made.
  const generic = (text) =>
    text.split(root).join('<tmp>').split(process.execPath).join('<node>').split(IMITATION_ANTHROPIC_KEY).join('<key>');
  writeFileSync(
    join(outDir, `${name}.json`),
    `${JSON.stringify(
      {
        program: REAL_CLI_VERSIONS[cli].package,
        version,
        argv: argv.slice(1).map(generic),
        cols: COLS,
        rows: ROWS,
        captured_with: offline
          ? 'tmux pipe-pane -O, offline (no model imitation)'
          : 'tmux pipe-pane -O, against the model imitation of @agentpool/test-utils',
        captured_at: new Date().toISOString(),
        size_bytes: size(),
        scenario,
        what: plan.what,
        moments,
        turns,
      },
      null,
      2,
    )}\n`,
  );
  if (existsSync(signals)) writeFileSync(join(outDir, `${name}.signals.jsonl`), generic(readFileSync(signals, 'utf8')));
  console.log(`wrote ${join(outDir, `${name}.raw`)} (${size()} bytes), moments ${JSON.stringify(moments.map((m) => [m.state, m.offset]))}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  try {
    tmux('kill-server');
  } catch {}
  await sleep(1000);
  await imitation?.close();
  rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
}
