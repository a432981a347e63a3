#!/usr/bin/env node
// A chatty worker for the observer-memory bench: runs in a real tmux pane, draws frames of a coding
// agent's TUI (see chatty-frames.mjs) for a while, then ends its turn with a result block and an
// empty input line, and waits until it is terminated.
//
// usage: chatty-worker.mjs --mode normal|alternate --seconds N --frame-ms N --lines-per-frame N [-- prompt]
import { createChattyScreen, RESULT_BLOCK } from './chatty-frames.mjs';

function option(name, fallback) {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && index + 1 < process.argv.length ? process.argv[index + 1] : fallback;
}

const mode = option('mode', 'normal') === 'alternate' ? 'alternate' : 'normal';
const seconds = Number(option('seconds', '600'));
const frameMs = Number(option('frame-ms', '50'));
const linesPerFrame = Number(option('lines-per-frame', '1'));

const screen = createChattyScreen({
  mode,
  cols: process.stdout.columns || 200,
  rows: process.stdout.rows || 50,
  linesPerFrame,
});
const write = (text) => process.stdout.write(text);
const started = Date.now();
write(screen.start());

const timer = setInterval(() => {
  const elapsed = Date.now() - started;
  if (elapsed >= seconds * 1000) {
    clearInterval(timer);
    write(screen.finish(RESULT_BLOCK));
    return;
  }
  write(screen.frame(Math.floor(elapsed / 1000)));
}, frameMs);

// Keep reading the terminal (a real TUI does); ignore what is typed.
if (process.stdin.isTTY) {
  process.stdin.setRawMode(true);
  process.stdin.resume();
}
const end = (code) => {
  write(mode === 'alternate' ? '\x1b[?1049l\x1b[?2004l' : '\x1b[?2004l');
  process.exit(code);
};
process.on('SIGTERM', () => end(143));
process.on('SIGHUP', () => end(129));
process.on('SIGINT', () => end(130));
// After the turn, stay until terminated.
setInterval(() => {}, 1 << 30);
