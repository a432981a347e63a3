// Runs the built agentpool CLI against one temporary home. Every call sets AGENTPOOL_HOME, so the
// benchmark can never read or write the user's real ~/.agentpool.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
// Run as people run `agentpool`: the file itself, through its shebang (which sets Node's flags).
export const CLI_PATH = fileURLToPath(new URL('../packages/cli/dist/bin.js', import.meta.url));

/** Children still running, so a failed or interrupted run can kill them. */
const liveChildren = new Set();

export function cliEnv(home, extra = {}) {
  const env = { ...process.env, ...extra, AGENTPOOL_HOME: home };
  // A value inherited from the caller's shell would change how long fake turns work.
  if (!('FAKE_AGENT_WORK_MS' in extra)) delete env.FAKE_AGENT_WORK_MS;
  return env;
}

/** Runs one CLI command to completion and parses its --json output. */
export function runCli(home, args, { env = {}, timeoutMs = 60_000 } = {}) {
  return new Promise((resolve, reject) => {
    execFile(
      CLI_PATH,
      [...args, '--json'],
      { cwd: REPO_ROOT, env: cliEnv(home, env), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`agentpool ${args.join(' ')} failed (${error.code ?? error.signal}): ${stderr.trim() || stdout.trim()}`));
          return;
        }
        try {
          resolve(JSON.parse(stdout));
        } catch {
          reject(new Error(`agentpool ${args.join(' ')} printed no JSON: ${stdout.slice(0, 200)}`));
        }
      },
    );
  });
}

/**
 * Starts a CLI command without waiting for it. `exited` resolves with the moment (performance.now())
 * of the child's 'exit' event, its exit code and its stdout once the streams have closed.
 */
export function startCli(home, args, { env = {} } = {}) {
  const child = spawn(CLI_PATH, [...args, '--json'], {
    cwd: REPO_ROOT,
    env: cliEnv(home, env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  liveChildren.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise((resolve) => {
    let exitedAt = 0;
    let code = null;
    child.on('exit', (exitCode, signal) => {
      exitedAt = performance.now();
      code = exitCode ?? signal;
      liveChildren.delete(child);
    });
    child.on('close', () => resolve({ exitedAt, code, stdout, stderr }));
    child.on('error', (error) => {
      liveChildren.delete(child);
      resolve({ exitedAt: performance.now(), code: 'spawn-error', stdout, stderr: String(error) });
    });
  });
  return { child, exited };
}

/** Kills every CLI child this module started that is still running. */
export function killLiveChildren() {
  for (const child of liveChildren) {
    try {
      child.kill('SIGKILL');
    } catch {
      // Already gone.
    }
  }
  liveChildren.clear();
}

export function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
