// Child of the log-scan bench (h): opens a pool on a home whose store already holds a full scan,
// then times `pool.usage.tokens()` after appending one line to a Claude session log, and with
// nothing new. Prints one JSON line.
import { appendFileSync } from 'node:fs';
import { createAgentPool } from '../packages/sdk/dist/index.js';

const [file, line, trials] = [process.argv[2], process.argv[3], Number(process.argv[4] ?? 20)];
const pool = await createAgentPool({ env: process.env });
const providers = ['claude-code', 'codex-cli'];
const timeIt = async () => {
  const started = performance.now();
  const report = await pool.usage.tokens({ providers, timeZone: 'UTC' });
  return { ms: performance.now() - started, report };
};
await timeIt(); // Warm the module and the store connection.
const appended = [];
const unchanged = [];
let filesRead = 0;
for (let trial = 0; trial < trials; trial++) {
  appendFileSync(file, `${line}\n`);
  const after = await timeIt();
  appended.push(after.ms);
  filesRead = Math.max(filesRead, after.report.providers['claude-code']?.files_read ?? 0);
  unchanged.push((await timeIt()).ms);
}
await pool.close();
process.stdout.write(`${JSON.stringify({ appended, unchanged, files_read_max: filesRead })}\n`);
