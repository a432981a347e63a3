#!/usr/bin/env node
// tally: an invented coding-agent CLI, small enough to read in one sitting, shipped with the example
// plugin so the plugin has a real program to drive. It counts the words and lines of each task; a task
// naming notes.txt asks to write the tally there (refused with --read-only). It draws like a TUI: a
// header, a transcript, a spinner line while it works, a y/n question, and an input line.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const VERSION = '1.0.0';
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
if (args.includes('--version')) {
  process.stdout.write(`tally ${VERSION}\n`);
  process.exit(0);
}
const known = new Set(['--read-only', '--model', '--notify', '--work-ms']);
const unknown = args.find((arg, index) => arg.startsWith('--') && !known.has(arg) && !known.has(args[index - 1]));
if (unknown) {
  process.stderr.write(`tally: unknown option ${unknown}\n`);
  process.exit(2);
}
const readOnly = args.includes('--read-only');
const model = option('--model') ?? 'tally-small';
const notify = option('--notify') ? JSON.parse(option('--notify')) : null;
const workMs = Number(option('--work-ms') ?? 400);
const firstTask = args.find((arg, index) => !arg.startsWith('--') && !known.has(args[index - 1]));

const out = (text) => process.stdout.write(text);
const PROMPT = 'tally> ';
let state = 'idle';
let input = '';
let pasting = false;
let pending = null;
let timer = null;

/** Tells the program given with --notify about an event: its argv, then the event as JSON. */
function tell(event) {
  if (!notify) return;
  const [program, ...rest] = notify;
  spawn(program, [...rest, JSON.stringify(event)], { stdio: 'ignore', detached: true }).unref();
}

function showPrompt() {
  state = 'idle';
  input = '';
  out(`\r\n${PROMPT}`);
}

function finish(task, wrote) {
  const words = task.split(/\s+/).filter(Boolean).length;
  const lines = task.split('\n').length;
  const summary = `counted ${words} words in ${lines} lines`;
  out(`\r\n  ${summary}\r\n`);
  const block = [
    'AGENTPOOL_RESULT_START',
    `Summary: ${summary}`,
    'Findings: none',
    `Files changed: ${wrote ? 'notes.txt' : 'none'}`,
    'Commands run: none',
    'Tests run: none',
    'Blockers: none',
    'Confidence: high',
    'AGENTPOOL_RESULT_END',
  ];
  out(`${block.map((line) => `  ${line}`).join('\r\n')}\r\n`);
  tell({ type: 'turn-end', 'last-message': `${summary}\n${block.join('\n')}` });
  showPrompt();
}

function run(task) {
  state = 'working';
  out(`\r\n\x1b[1m▸ task\x1b[0m (${task.length} characters)\r\n◐ tallying… (ctrl+c to interrupt)`);
  timer = setTimeout(() => {
    out('\r\x1b[2K');
    if (/notes\.txt/.test(task)) {
      if (readOnly) {
        out('  read-only: not writing notes.txt\r\n');
        return finish(task, false);
      }
      state = 'asking';
      pending = task;
      out('Write the tally to notes.txt? (y/n) ');
      tell({ type: 'approval', message: 'Write the tally to notes.txt?' });
      return;
    }
    finish(task, false);
  }, workMs);
}

function answer(key) {
  const task = pending;
  pending = null;
  out(`${key}\r\n`);
  if (key === 'y') {
    writeFileSync('notes.txt', `${task.split(/\s+/).filter(Boolean).length} words\n`);
    out('  wrote notes.txt\r\n');
    finish(task, true);
  } else {
    out('  not written\r\n');
    finish(task, false);
  }
}

function onData(chunk) {
  let text = chunk;
  while (text.length > 0) {
    if (text.startsWith('\x1b[200~')) {
      pasting = true;
      text = text.slice(6);
      continue;
    }
    if (text.startsWith('\x1b[201~')) {
      pasting = false;
      text = text.slice(6);
      // A long paste is shown by its size, as many agent TUIs do, not echoed.
      if (state === 'idle') out(`\r\x1b[2K${PROMPT}[pasted ${input.length} characters]`);
      continue;
    }
    const char = text[0];
    text = text.slice(1);
    if (char === '\x03') {
      if (state === 'working') {
        clearTimeout(timer);
        out('\r\x1b[2K  interrupted\r\n');
        tell({ type: 'turn-end', 'last-message': 'interrupted' });
        showPrompt();
      } else quit();
      continue;
    }
    if (state === 'asking') {
      if (char === 'y' || char === 'n') answer(char);
      continue;
    }
    if (state !== 'idle') continue;
    if (pasting) {
      input += char === '\r' ? '\n' : char;
      continue;
    }
    if (char === '\r' || char === '\n') {
      if (input.trim() !== '') run(input);
    } else if (char === '\x7f') {
      input = input.slice(0, -1);
      out('\b \b');
    } else if (char >= ' ') {
      input += char;
      out(char);
    }
  }
}

function quit() {
  out('\x1b[?2004l\r\n');
  process.exit(0);
}

out(`\x1b[?2004h\x1b[1mtally ${VERSION}\x1b[0m · model ${model} · ${readOnly ? 'read-only' : 'writable'} · ${process.cwd()}\r\n`);
if (process.stdin.isTTY) process.stdin.setRawMode(true);
process.stdin.setEncoding('utf8');
process.stdin.on('data', onData);
process.stdin.on('end', quit);
if (firstTask) run(firstTask);
else showPrompt();
