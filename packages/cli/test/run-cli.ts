import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The binary under test; AGENTPOOL_TEST_CLI_BIN points at another build (to watch a test fail on older code). */
export const BIN = process.env.AGENTPOOL_TEST_CLI_BIN ?? fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Whether the process was killed for running past `timeoutMs`. */
  readonly timedOut: boolean;
  /** stdout parsed as JSON when it is JSON. */
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; details: Record<string, unknown> } };
}

/**
 * Runs the real `agentpool` binary as a child process. With `timeoutMs`, a process still running
 * then is killed (code -1, `timedOut`), so a test of something that used to hang cannot hang.
 * `wrap` runs it under another command (`['unshare', '--mount', …]`).
 */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string | Buffer; cwd?: string; timeoutMs?: number; wrap?: readonly string[] } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const [command = process.execPath, ...prefix] = [...(options.wrap ?? []), process.execPath];
    const child = spawn(command, [...prefix, BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let timedOut = false;
    const timer = options.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          child.kill('SIGKILL');
        }, options.timeoutMs)
      : null;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (timer) clearTimeout(timer);
      let json = {};
      try {
        json = JSON.parse(stdout);
      } catch {
        json = {};
      }
      resolve({ code: code ?? -1, stdout, stderr, timedOut, json: json as CliResult['json'] });
    });
    child.stdin.end(options.input ?? '');
  });
}
