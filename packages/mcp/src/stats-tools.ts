import { sinceDay } from '@agentpool/sdk';
import { z } from 'zod';
import { defineTool } from './tool-definition.js';
import { looseOutput, providersInput } from './tool-schemas.js';

const since = z.string().max(40).optional();

/** The opt-in `stats` toolset: what agentpool's sessions did, and tokens from the providers' own logs. */
export const statsTools = [
  defineTool({
    name: 'get_stats',
    toolset: 'stats',
    description: 'Sessions per provider by state and role, durations, parallelism, time blocked on limits. since: 12h|7d|30d|ISO|all.',
    input: z.strictObject({
      since: since.describe('default 7d'),
      providers: providersInput,
      sections: z.array(z.enum(['sessions', 'parallelism', 'limits', 'tokens', 'usage'])).optional(),
    }),
    output: looseOutput({ session_count: z.number() }),
    // Ended workers are recorded as ended first (a write), so it is not read-only; asking again changes nothing more.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const stats = await pool.stats({ since: args.since, providers: args.providers, sections: args.sections });
      return { value: { ...stats }, text: `${stats.session_count} session(s) since ${stats.period.since ?? 'the start'}` };
    },
  }),
  defineTool({
    name: 'get_token_usage',
    toolset: 'stats',
    description:
      "Tokens per provider and local day from Claude's and Codex's own logs on this machine (all use of those homes). since: 7d|YYYY-MM-DD|all.",
    input: z.strictObject({
      since: z
        .string()
        .regex(/^(\d{1,4}d|\d{4}-\d{2}-\d{2}|all)$/)
        .optional()
        .describe('default 7d'),
      providers: providersInput,
    }),
    output: looseOutput({ days: z.array(z.unknown()) }),
    // Reading advances the stored scan offsets: not read-only, but idempotent.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const since = sinceDay(args.since, new Date());
      const report = await pool.usage.tokens({ providers: args.providers, since });
      const lines = report.days.map((day) => `${day.day} ${day.provider}: ${day.tokens.total} tokens`);
      return { value: { ...report }, text: lines.join('\n') || 'no tokens in the local logs' };
    },
  }),
];
