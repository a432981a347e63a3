#!/usr/bin/env node
// Captures tally's screens from a real tmux pane (100×20) into test/screens/, at the moments the
// conformance test reads: idle, a task pasted, working, asking, and the turn completed.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tally = fileURLToPath(new URL('../bin/tally.mjs', import.meta.url));
const out = fileURLToPath(new URL('../test/screens/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tally-capture-'));
const socket = join(dir, 'tmux.sock');
const tmux = (...args) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const save = (name) => writeFileSync(join(out, `tally-1.0.0-${name}.txt`), tmux('capture-pane', '-p', '-t', 'cap'));

tmux('new-session', '-d', '-s', 'cap', '-x', '100', '-y', '20', '-c', dir, `${tally} --work-ms 1500`);
await sleep(500);
save('ready');
writeFileSync(join(dir, 'task'), 'Count the words of this task and keep the count in notes.txt.');
tmux('load-buffer', join(dir, 'task'));
tmux('paste-buffer', '-p', '-d', '-t', 'cap');
await sleep(300);
save('pasted');
tmux('send-keys', '-t', 'cap', 'Enter');
await sleep(500);
save('working');
await sleep(1500);
save('approval');
tmux('send-keys', '-t', 'cap', 'y');
await sleep(500);
save('completed');
tmux('kill-server');
