import { type Dirent, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every file under `dir` (recursively) whose name passes `accept`; a missing or unreadable folder has none. Synchronous. */
export function filesUnder(dir: string, accept: (name: string) => boolean, out: string[] = []): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) filesUnder(path, accept, out);
    else if (entry.isFile() && accept(entry.name)) out.push(path);
  }
  return out;
}
