import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * Hooks the fake agent runs exactly as Claude Code documents its command hooks: a settings file
 * `{"hooks": {"<Event>": [{"matcher"?, "hooks": [{"type": "command", "command": "…"}]}]}}`, each
 * command run by a shell with one JSON object on its stdin that carries `session_id,
 * transcript_path, cwd, permission_mode, hook_event_name` and the event's own fields.
 */
export interface FakeHookRunner {
  run(event: string, fields: Record<string, unknown>): void;
  /** Resolves once every hook started so far has exited. */
  settled(): Promise<void>;
}

interface HookEntry {
  readonly hooks?: readonly { readonly type?: string; readonly command?: string }[];
}

export function loadHookRunner(settingsFile: string | null, sessionId: string): FakeHookRunner {
  let hooks: Record<string, readonly HookEntry[]> = {};
  if (settingsFile) {
    const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as { hooks?: Record<string, readonly HookEntry[]> };
    hooks = settings.hooks ?? {};
  }
  const running = new Set<Promise<void>>();
  return {
    run(event, fields) {
      for (const entry of hooks[event] ?? []) {
        for (const hook of entry.hooks ?? []) {
          if (hook.type !== 'command' || !hook.command) continue;
          const input = JSON.stringify({
            session_id: sessionId,
            transcript_path: '',
            cwd: process.cwd(),
            permission_mode: 'default',
            hook_event_name: event,
            ...fields,
          });
          const child = spawn('/bin/sh', ['-c', hook.command], { stdio: ['pipe', 'ignore', 'ignore'] });
          const done = new Promise<void>((resolve) => child.on('close', () => resolve()).on('error', () => resolve()));
          running.add(done);
          void done.then(() => running.delete(done));
          child.stdin.end(input);
        }
      }
    },
    async settled() {
      await Promise.all([...running]);
    },
  };
}
