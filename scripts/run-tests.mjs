// Runs every package's tests (one package at a time: they start real tmux servers) and ends with
// one plain line that counts them: "tests: N passed, N failed".
import { spawn } from 'node:child_process';

const child = spawn('pnpm', ['exec', 'turbo', 'run', 'test', '--concurrency=1', '--continue', '--output-logs=full'], {
  stdio: ['ignore', 'pipe', 'inherit'],
});
let passed = 0;
let failed = 0;
let skipped = 0;
let pending = '';
const tally = (line) => {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: strips colour codes from test output
  const plain = line.replace(/\u001b\[[0-9;]*m/g, '');
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
  process.stdout.write(`\ntests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`);
  process.exitCode = code === 0 && failed === 0 && passed > 0 ? 0 : code || 1;
});
