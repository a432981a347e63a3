import { existsSync } from 'node:fs';
import type { AgentPool } from '@agentpool/sdk';

/** agentpool://onboarding: this server's home, what it offers, and the first calls to make. */
export function onboardingText(pool: AgentPool, offered: { tools: readonly string[]; lockdown: boolean }): string {
  return [
    '# agentpool MCP server',
    '',
    `- home: ${pool.paths.home} (config.yaml ${pool.configExists ? 'present' : 'absent: every default applies'})`,
    `- preferences: ${existsSync(pool.paths.preferences) ? 'present (agentpool://preferences.md)' : 'none yet (the user can run: agentpool preferences init)'}`,
    `- lockdown: ${offered.lockdown ? 'on (no worker text is returned; transcripts and events are blocked)' : 'off'}`,
    `- tools: ${offered.tools.join(', ')}`,
    '',
    'First calls: get_delegation_preferences, get_inventory, get_usage_summary. Then spawn_worker,',
    'subscribe to agentpool://sessions/<id> (or observe_worker), collect_worker_artifacts, terminate_worker.',
    'How to use agentpool well: agentpool://skill.md.',
    '',
  ].join('\n');
}
