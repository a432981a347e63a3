import { type FSWatcher, watch } from 'node:fs';

/**
 * Calls `onChange` when anything in `dir` is written or created (the pane's output stream, its
 * exit file, a native signal). One inotify watch, no polling; callers debounce.
 */
export function watchDirectory(dir: string, onChange: (fileName: string | null) => void): () => void {
  let watcher: FSWatcher | null;
  try {
    watcher = watch(dir, { persistent: true }, (_event, fileName) => onChange(fileName ? String(fileName) : null));
  } catch {
    // The folder does not exist (yet): the caller's timeout and liveness checks still apply.
    return () => undefined;
  }
  watcher.on('error', () => {
    // The folder went away (session removed); the caller's timeout or liveness check takes over.
    watcher?.close();
    watcher = null;
  });
  return () => {
    watcher?.close();
    watcher = null;
  };
}
