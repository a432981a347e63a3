import { modelCatalogs, readDelegationPreferences, type UsageSummary, type UsageSummaryRow } from '@agentpool/sdk';
import { z } from 'zod';
import { defineTool } from './tool-definition.js';
import { looseOutput, MAX_USAGE_REFRESH_SECONDS, providersInput } from './tool-schemas.js';

const includeTest = z.boolean().optional().describe('add fake test providers');
const refreshTimeout = z
  .number()
  .positive()
  .max(MAX_USAGE_REFRESH_SECONDS)
  .optional()
  .describe('seconds (default 20); late probes: partial');
const summaryOutput = looseOutput({ partial: z.boolean() });

function rowText(row: UsageSummaryRow): string {
  const windows = row.windows.map((window) => `${window.kind} ${window.remaining_percent}% left`).join(', ');
  const verdict = row.usable ? 'usable' : `not usable${row.reason ? `: ${row.reason}` : ''}`;
  return `${row.provider}: ${verdict}${windows ? ` (${windows})` : ''}${row.late ? ' [late]' : ''}${row.stale ? ' [stale]' : ''}`;
}

function summaryOutputOf(summary: UsageSummary) {
  const lines = Object.values(summary.providers).map(rowText);
  if (summary.partial) lines.push(`partial: no answer in time from ${summary.late_providers.join(', ')}`);
  return { value: { ...summary }, text: lines.join('\n') || 'no providers' };
}

const timeoutMs = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.max(1, Math.round(seconds * 1000)));

export const usageTools = [
  defineTool({
    name: 'get_inventory',
    toolset: 'default',
    description: 'Installed providers (version, auth), runtimes, policy. No network.',
    input: z.strictObject({ include_test_providers: includeTest }),
    output: looseOutput({ providers: z.array(z.unknown()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const inventory = await pool.inventory({ includeTestProviders: args.include_test_providers === true });
      const lines = inventory.providers.map((row) =>
        row.load_error
          ? `plugin ${row.plugin}: failed to load`
          : `${row.id}: ${row.installed ? `installed ${row.version ?? ''}`.trim() : 'not installed'}, auth ${row.auth.status}`,
      );
      return { value: { ...inventory }, text: lines.join('\n') || 'no providers' };
    },
  }),
  defineTool({
    name: 'get_usage_summary',
    toolset: 'default',
    description:
      'Per provider: usable now, windows (remaining %, reset), confidence, age. Reads the cache; probes the never-probed, or all with refresh.',
    input: z.strictObject({
      providers: providersInput,
      refresh: z.boolean().optional(),
      timeout_seconds: refreshTimeout,
      include_test_providers: includeTest,
    }),
    output: summaryOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { pool }) {
      const summary = await pool.usage.summary({
        providers: args.providers,
        includeTestProviders: args.include_test_providers === true,
        refresh: args.refresh === true,
        timeoutMs: timeoutMs(args.timeout_seconds),
      });
      return summaryOutputOf(summary);
    },
  }),
  defineTool({
    name: 'get_usage_snapshot',
    toolset: 'default',
    description: 'Probes usage limits now (non-interactive, parallel, bounded) and caches them.',
    input: z.strictObject({ providers: providersInput, timeout_seconds: refreshTimeout, include_test_providers: includeTest }),
    output: summaryOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: true },
    async run(args, { pool }) {
      const summary = await pool.usage.summary({
        providers: args.providers,
        includeTestProviders: args.include_test_providers === true,
        refresh: true,
        timeoutMs: timeoutMs(args.timeout_seconds),
      });
      return summaryOutputOf(summary);
    },
  }),
  defineTool({
    name: 'get_cached_usage_snapshot',
    toolset: 'default',
    description: 'The cached usage snapshots only; probes nothing.',
    input: z.strictObject({ providers: providersInput, include_test_providers: includeTest }),
    output: summaryOutput,
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const summary = await pool.usage.summary({
        providers: args.providers,
        includeTestProviders: args.include_test_providers === true,
        cachedOnly: true,
      });
      return summaryOutputOf(summary);
    },
  }),
  defineTool({
    name: 'get_provider_models',
    toolset: 'default',
    description: "Each provider's models and default.",
    input: z.strictObject({ provider: z.string().optional(), include_test_providers: includeTest }),
    output: looseOutput({ providers: z.array(z.unknown()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const views = await modelCatalogs(pool, { provider: args.provider, includeTestProviders: args.include_test_providers === true });
      const lines = views.map(
        (view) =>
          `${view.provider}: ${view.models.map((model) => model.id).join(', ') || 'no catalog'}${view.default_model ? ` (default ${view.default_model})` : ''}`,
      );
      return { value: { providers: views }, text: lines.join('\n') || 'no providers' };
    },
  }),
  defineTool({
    name: 'get_delegation_preferences',
    toolset: 'default',
    description: "The user's delegation preferences and policy. Read before spawning.",
    input: z.strictObject({}),
    output: looseOutput({ exists: z.boolean() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(_args, { pool }) {
      const preferences = readDelegationPreferences(pool.paths.preferences);
      const value = { ...preferences, policy: pool.config.policy };
      return {
        value,
        text: preferences.text ?? `No preferences file (${preferences.path}); the user can create one with: agentpool preferences init`,
      };
    },
  }),
];
