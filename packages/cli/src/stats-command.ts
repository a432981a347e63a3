import { DEFAULT_SINCE, STATS_SECTIONS } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, providerList } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { statsText } from './stats-text.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function registerStatsCommand(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('stats')
      .description('sessions started in a period: per provider by state and role, durations, parallelism, time blocked on limits, tokens')
      .option('--since <when>', `12h, 7d, 30d, 2w, an ISO date or time, or all (default ${DEFAULT_SINCE})`)
      .option('--provider <ids>', 'only these providers (comma-separated)')
      .option('--sections <list>', `only these sections: ${STATS_SECTIONS.join(',')}`),
    run,
    async (_args, options) => {
      const providers = providerList(str(options.provider), 'agentpool stats --provider codex-cli');
      const pool = await run.agentPool();
      const stats = await pool.stats({ since: str(options.since), providers, sections: str(options.sections) });
      return { value: stats, human: () => statsText(stats) };
    },
  );
}
