// Runs every package's tests (one package at a time: they start real tmux servers) and ends with
// one plain line that counts them: "tests: N passed, N failed". Then no program of the real-CLI
// folder may still run: a test that leaves a real Claude Code, Codex, … (or a daemon of one) behind
// fails the run, and what it left is named and killed.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { realCliProcesses } from '../packages/test-utils/dist/index.js';

// Every process this run starts inherits the marker, so what someone else runs from the same folder
// on this machine is not counted.
const runMarker = randomUUID();
const child = spawn('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', '--output-logs=full'], {
  stdio: ['ignore', 'pipe', 'inherit'],
  env: { ...process.env, AGENTPOOL_TEST_RUN: runMarker },
});
let passed = 0;
let failed = 0;
let skipped = 0;
let pending = '';
// CI shows only the tail of the output: each failure's header and its first lines are repeated at the end.
const failureLines = [];
let failureLinesLeft = 0;
const MAX_FAILURE_LINES = 120;
const noteFailure = (plain) => {
  const text = plain.replace(/^\S+:test:\s?/, '');
  if (/^\s*FAIL\s/.test(text)) failureLinesLeft = 8;
  else if (/^\s*×\s/.test(text) && failureLines.length < MAX_FAILURE_LINES) failureLines.push(plain);
  if (failureLinesLeft > 0 && failureLines.length < MAX_FAILURE_LINES) {
    if (text.trim() !== '') failureLines.push(plain);
    failureLinesLeft--;
  }
};
const tally = (line) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips colour codes from test output
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
  noteFailure(plain);
  const match = /\bTests\s+(.*)\(\d+\)\s*$/.exec(plain);
  if (!match) return;
  for (const [, count, kind] of match[1].matchAll(/(\d+) (passed|failed|skipped|todo)/g)) {
    if (kind === 'passed') passed += Number(count);
    else if (kind === 'failed') failed += Number(count);
    else skipped += Number(count);
  }
};
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  pending += chunk;
  const lines = pending.split('\n');
  pending = lines.pop() ?? '';
  lines.forEach(tally);
});
child.on('close', (code) => {
  tally(pending);
  const leftBehind = realCliProcesses(process.env, { runMarker });
  for (const { pid, command } of leftBehind) {
    process.stdout.write(`left running by a test: pid ${pid}: ${command}\n`);
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  if (leftBehind.length > 0) failed += 1;
  if (failureLines.length > 0) process.stdout.write(`\nfailures (repeated from above):\n${failureLines.join('\n')}\n`);
  process.stdout.write(
    `\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}${leftBehind.length ? ` (${leftBehind.length} real-CLI processes left running)` : ''}\n`,
  );
  process.exitCode = code === 0 && failed === 0 && passed > 0 ? 0 : code || 1;
});
