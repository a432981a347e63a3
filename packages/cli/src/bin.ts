import { CLI_VERSION } from './version.js';

const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${CLI_VERSION}\n`);
} else {
  const { runCli } = await import('./main.js');
  process.exitCode = await runCli(args);
}
