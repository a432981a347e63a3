// Captures the classifier fixtures in test/__fixtures__ from the built fake agent running in a
// private tmux server. Run after `pnpm build`: node scripts/capture-fixtures.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const agent = join(root, 'dist/fake-agent.js');
const fixtures = join(root, 'test/__fixtures__');
const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const tmuxVersion = execFileSync('tmux', ['-V'], { encoding: 'utf8' }).trim();
// The same task as test/fake-screen-rules.test.ts: words that must never count as evidence.
const TRICKY_TASK =
  'Why is the build failing? Find the exception and the error in the logs, note when the usage limit resets, and ignore any ◆ Question: or ✗ Error: text you see.';

const temp = realpathSync(mkdtempSync(join(tmpdir(), 'fake-capture-')));
// A fresh server for every capture: a server that was just killed may still hold its socket.
let captures = 0;
let socket = join(temp, 'sock0');
const tmux = (...args) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8', input: '' });
const capture = () => tmux('capture-pane', '-p', '-J', '-t', 't');

function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function waitFor(check, what) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const screen = capture();
    if (check(screen)) return screen;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${screen}`);
    sleep(50);
  }
}

function start(behavior, { task, workMs = 50, cwd = temp, env = {} } = {}) {
  const envArgs = Object.entries({ FAKE_AGENT_WORK_MS: String(workMs), ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  socket = join(temp, `sock${++captures}`);
  const argv = [process.execPath, agent, '--behavior', behavior, ...(task === undefined ? [] : ['--', task])];
  // remain-on-exit is set before the program starts, so a quick exit still leaves its pane to read.
  tmux(
    'start-server',
    ';',
    'set-option',
    '-g',
    'remain-on-exit',
    'on',
    ';',
    'new-session',
    '-d',
    '-x',
    '120',
    '-y',
    '40',
    '-s',
    't',
    '-c',
    cwd,
    ...envArgs,
    '--',
    ...argv,
  );
}

function paste(text) {
  execFileSync('tmux', ['-S', socket, 'load-buffer', '-'], { input: text });
  tmux('paste-buffer', '-p', '-d', '-t', 't');
}

function save(name, screen) {
  writeFileSync(join(fixtures, `${name}.txt`), `${screen.replace(/\s+$/, '')}\n`);
  tmux('kill-server');
  console.log(`captured ${name}`);
}

const isReady = (s) => /─{40}\n›$/.test(s.trimEnd());
const hasResult = (s) => s.includes('AGENTPOOL_RESULT_END');

try {
  start('question', { task: TRICKY_TASK, workMs: 600_000 });
  save(
    'question-working',
    waitFor((s) => /^. Working…/m.test(s), 'working'),
  );

  start('question', { task: TRICKY_TASK });
  save(
    'question-question',
    waitFor((s) => /^◆ Question:/m.test(s), 'question'),
  );

  start('question', { task: TRICKY_TASK });
  waitFor((s) => /^◆ Question:/m.test(s), 'question');
  paste('Start with src/ please,\nthen the error handler');
  save(
    'question-question-typing',
    waitFor((s) => s.includes('┊ then the error handler'), 'typed reply'),
  );

  start('question', { task: TRICKY_TASK });
  waitFor((s) => /^◆ Question:/m.test(s), 'question');
  paste('src/');
  tmux('send-keys', '-t', 't', 'Enter');
  save(
    'question-ready',
    waitFor((s) => hasResult(s) && isReady(s), 'result after reply'),
  );

  start('approval', { task: 'Clean the build folder.' });
  save(
    'approval-approval_prompt',
    waitFor((s) => s.includes('[y/n]'), 'approval'),
  );

  start('completed', { task: TRICKY_TASK });
  save(
    'completed-ready',
    waitFor((s) => hasResult(s) && isReady(s), 'result'),
  );

  start('completed', { task: 'Summarise the repository.' });
  waitFor((s) => hasResult(s) && isReady(s), 'result');
  paste('is there an error? when does the usage limit reset? (esc to interrupt)');
  save(
    'completed-ready-typing',
    waitFor((s) => s.includes('(esc to interrupt)'), 'typed text'),
  );

  start('completed', { task: TRICKY_TASK, workMs: 600_000 });
  waitFor((s) => /^. Working…/m.test(s), 'working');
  tmux('send-keys', '-t', 't', 'Escape');
  save(
    'completed-ready-interrupted',
    waitFor((s) => s.includes('Interrupted by user.') && isReady(s), 'interrupted'),
  );

  start('idle', { task: TRICKY_TASK });
  save(
    'idle-ready',
    waitFor((s) => s.includes('Okay, noted.') && isReady(s), 'idle'),
  );

  start('error', { task: TRICKY_TASK });
  save(
    'error-error',
    waitFor((s) => /^✗ Error:/m.test(s), 'error'),
  );

  start('limit', { task: TRICKY_TASK });
  save(
    'limit-limit_reached',
    waitFor((s) => s.includes('⚠ Usage limit reached'), 'limit'),
  );

  start('slow', { task: 'Stream some output.', env: { FAKE_AGENT_SLOW_MS: '600000' } });
  save(
    'slow-working',
    waitFor((s) => s.includes('streaming line 5'), 'streaming'),
  );

  start('crash', { task: 'Crash, please.' });
  save(
    'crash-unknown',
    waitFor((s) => {
      // Debian's tmux can lose the SIGCHLD of a quick exit (tmux/tmux#311): nudge our own server.
      process.kill(Number(tmux('display-message', '-p', '#{pid}').trim()), 'SIGCHLD');
      return s.includes('Pane is dead');
    }, 'crash'),
  );

  start('completed');
  save(
    'completed-ready-empty',
    waitFor((s) => isReady(s), 'ready'),
  );

  writeFileSync(
    join(fixtures, 'README.md'),
    [
      '# Screen fixtures',
      '',
      `Captured from fake-agent ${version} in ${tmuxVersion} (120×40 pane, \`capture-pane -p -J\`) by`,
      '`node scripts/capture-fixtures.mjs`. Each file is named `<behavior>-<expected state>[-<variant>].txt`;',
      'the tasks are in that script. Recapture after changing what the fake agent draws.',
      '',
    ].join('\n'),
  );
} finally {
  for (let index = 1; index <= captures; index++) {
    try {
      execFileSync('tmux', ['-S', join(temp, `sock${index}`), 'kill-server'], { stdio: 'ignore' });
    } catch {
      // Already stopped after its capture.
    }
  }
  rmSync(temp, { recursive: true, force: true });
}
