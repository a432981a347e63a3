import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function mtime(path: string): number {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

/** The integration tests run the built fake agent: build it first when it is missing or older than its sources. */
export default function setup(): void {
  const built = mtime(join(root, 'dist/fake-agent.js'));
  const newestSource = Math.max(...readdirSync(join(root, 'src')).map((name) => mtime(join(root, 'src', name))));
  if (built >= newestSource) return;
  execFileSync('pnpm', ['run', 'build'], { cwd: root, stdio: 'inherit' });
}
