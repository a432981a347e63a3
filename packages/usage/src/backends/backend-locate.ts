import { findExecutable } from '@agentpool/core';
import type { UsageBackend, UsageBackendName } from './usage-backend.js';

/** Whether a backend can run here, and from where. */
export type BackendLocation =
  | { readonly name: UsageBackendName; readonly installed: true; readonly command: string; readonly path: string }
  | {
      readonly name: UsageBackendName;
      readonly installed: false;
      readonly command: string;
      /** Why it cannot run (not on PATH, the configured file is missing). */
      readonly reason: string;
      /** How to install it. */
      readonly installHint: string;
    };

/**
 * Finds a backend's executable: the command configured for it (a name looked up on PATH, or a
 * path), else its default name on PATH. Runs nothing.
 */
export function locateBackend(
  backend: UsageBackend,
  env: Readonly<Record<string, string | undefined>>,
  configuredCommand?: string | null,
): BackendLocation {
  const command = configuredCommand ?? backend.defaultCommand;
  const path = findExecutable(command, env);
  if (path !== null) return { name: backend.name, installed: true, command, path };
  const where = configuredCommand
    ? `usage.backends.${backend.name}.command (${command}) is not an executable file${command.includes('/') ? '' : ' on PATH'}`
    : `${command} is not on PATH`;
  return { name: backend.name, installed: false, command, reason: where, installHint: backend.installHint };
}
