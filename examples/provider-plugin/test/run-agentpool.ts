import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The agentpool CLI this example is tested against (the workspace's build). */
const BIN = fileURLToPath(new URL('../node_modules/@agentpool/cli/dist/bin.js', import.meta.url));

export interface AgentpoolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly json: Record<string, unknown>;
}

/** Runs `agentpool <args>` as a user would, in its own process. */
export function agentpool(args: readonly string[], env: Record<string, string>, input = ''): Promise<AgentpoolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
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
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(stdout) as Record<string, unknown>;
      } catch {
        json = {};
      }
      resolve({ code: code ?? -1, stdout, stderr, json });
    });
    child.stdin.end(input);
  });
}
