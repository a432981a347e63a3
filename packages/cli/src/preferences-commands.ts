import { initDelegationPreferences, readDelegationPreferences } from '@agentpool/sdk';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction } from './command-kit.js';

export function registerPreferencesCommands(program: Command, run: CliRun): void {
  const preferences = program
    .command('preferences')
    .description('your delegation preferences (preferences.md): what an agent reads before it spawns a worker');
  defineAction(preferences.command('show').description('print preferences.md (redacted)'), run, async () => {
    const found = readDelegationPreferences((await run.agentPool()).paths.preferences);
    return {
      value: found,
      human: () => found.text ?? `no preferences yet: agentpool preferences init   (writes ${found.path})`,
    };
  });
  defineAction(
    preferences
      .command('init')
      .description('write a starter preferences.md to fill in; refuses to replace one')
      .option('--force', 'replace an existing file (a backup is kept)'),
    run,
    async (_args, options) => {
      const written = initDelegationPreferences((await run.agentPool()).paths.preferences, { force: options.force === true });
      return { value: written, human: () => `wrote ${written.path}${written.backup_path ? ` (backup ${written.backup_path})` : ''}` };
    },
  );
  defineAction(preferences.command('path').description('where preferences.md is'), run, async () => {
    const path = (await run.agentPool()).paths.preferences;
    return { value: { path }, human: () => path };
  });
}
