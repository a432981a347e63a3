import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const CHILD_SCRIPT = fileURLToPath(new URL('./fixtures/store-child.mjs', import.meta.url));
const BUILT_STORE = fileURLToPath(new URL('../dist/index.js', import.meta.url));

export interface ChildResult {
  readonly ok: boolean;
  readonly code?: string;
  readonly id?: string;
  readonly schemaVersion?: number;
  readonly details?: Record<string, unknown>;
  readonly message?: string;
}

/** Runs `count` store processes that all act once `barrier` appears; resolves with what each reported. */
export async function raceChildren(options: {
  dir: string;
  dbPath: string;
  count: number;
  mode: 'open' | 'insert';
  maxLive?: number;
}): Promise<ChildResult[]> {
  if (!existsSync(BUILT_STORE)) throw new Error('Build the store first: pnpm --filter @agentpool/store build');
  const barrier = join(options.dir, 'go');
  const readyFiles = Array.from({ length: options.count }, (_, index) => join(options.dir, `ready-${index}`));
  let exited = 0;
  const children = readyFiles.map((ready) => {
    const args = [CHILD_SCRIPT, options.mode, options.dbPath, barrier, ready, String(options.maxLive ?? 0)];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    return new Promise<ChildResult>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        exited += 1;
        const line = stdout.trim().split('\n').at(-1);
        if (code !== 0 || !line) reject(new Error(`child exited ${code}: ${stderr || stdout}`));
        else resolve(JSON.parse(line) as ChildResult);
      });
    });
  });
  // In insert mode every child has opened the store before the barrier, so the inserts race, not the opens.
  if (options.mode === 'insert') {
    while (exited === 0 && !readyFiles.every((file) => existsSync(file))) await sleep(5);
  }
  writeFileSync(barrier, '');
  return Promise.all(children);
}
