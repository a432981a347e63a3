import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout parsed as JSON when it is JSON. */
  readonly json: Record<string, unknown> & { error?: { code: string; message: string; details: Record<string, unknown> } };
}

/** Runs the real `agentpool` binary as a child process. */
export function runCli(
  args: readonly string[],
  env: Record<string, string>,
  options: { input?: string; cwd?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, cwd: options.cwd, stdio: ['pipe', 'pipe', 'pipe'] });
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
      let json = {};
      try {
        json = JSON.parse(stdout);
      } catch {
        json = {};
      }
      resolve({ code: code ?? -1, stdout, stderr, json: json as CliResult['json'] });
    });
    child.stdin.end(options.input ?? '');
  });
}
