import { z } from 'zod';
import { customProvidersSchema } from './custom-provider-schema.js';

const percent = z.number().finite().min(0).max(100);

// A section written with every key commented out (`policy:` alone) is YAML null: read it as absent.
const nullAsAbsent = (value: unknown): unknown => (value === null ? undefined : value);

/** Policy: what agentpool allows. Every key has a default in code; config only overrides. */
export const policySchema = z
  .object({
    /** `provider=auto` is always refused; this documents it and cannot be turned off. */
    allow_auto_routing: z.literal(false).default(false),
    /** Live (not ended) sessions allowed at once across every process using this home. */
    max_parallel_sessions: z.number().int().min(1).max(256).default(4),
    /** Whether `keys` may send named keys to a worker. */
    allow_raw_keys: z.boolean().default(false),
    /** Isolation used when a spawn names none. */
    default_isolation: z.enum(['read_only', 'shared', 'worktree']).default('read_only'),
    /** Implementer workers must run in a worktree. */
    require_worktree_for_edits: z.boolean().default(false),
    /** A usage window below this percent remaining makes a provider unusable. */
    min_remaining_percent: percent.default(10),
    /** Spawn a provider even when its cached usage is at or below the buffer or its limit is reached (`spawn --allow-low-usage` does it once). */
    allow_low_usage: z.boolean().default(false),
    /** Refuse a provider in overage (a window below 0 % remaining) even when low usage is allowed. */
    never_allow_overage: z.boolean().default(false),
    /** A cached usage snapshot older than this is shown as stale. */
    usage_stale_after_seconds: z.number().int().min(0).default(1800),
    /** Re-probe a cached snapshot this old before using it (null: never on its own; `--refresh` always does). */
    usage_auto_refresh_after_seconds: z.number().int().min(0).nullable().default(null),
    /** When set, only these providers may be spawned. */
    allowed_providers: z.array(z.string().min(1)).nullable().default(null),
    /** These providers may never be spawned. */
    denied_providers: z.array(z.string().min(1)).default([]),
    /** Default `max_runtime_seconds` for a spawn that names none (null: no limit). */
    default_max_runtime_seconds: z.number().int().positive().nullable().default(null),
    /** Default `max_turns` for a spawn that names none (null: no limit). */
    default_max_turns: z.number().int().positive().nullable().default(null),
    /**
     * Which of the caller's environment variables a worker inherits: null passes all of them (a
     * worker runs like a command typed in the caller's shell); a list passes only names matching
     * one of its patterns (`*` matches any run of characters).
     */
    worker_env_allow: z.array(z.string().min(1)).nullable().default(null),
    /** Caller variables a worker never inherits (patterns as above). Provider and account settings still apply. */
    worker_env_deny: z.array(z.string().min(1)).default([]),
    /** Whether an MCP server in lockdown offers spawn_worker at all. */
    mcp_lockdown_allow_spawn: z.boolean().default(false),
    /** Whether an MCP server in lockdown offers the tools that type into a worker (send_worker_message, send_worker_keys). */
    mcp_lockdown_allow_send: z.boolean().default(false),
  })
  .strict();

const providerSettingsSchema = z
  .object({
    binary: z.string().min(1).optional(),
    default_model: z.string().min(1).optional(),
    extra_args: z.array(z.string()).optional(),
    env: z.record(z.string(), z.string()).optional(),
  })
  .strict();

const tmuxSchema = z
  .object({
    /** tmux binary to run. */
    binary: z.string().min(1).default('tmux'),
    /** Pane size for new workers. */
    width: z.number().int().min(40).max(1000).default(200),
    height: z.number().int().min(10).max(500).default(50),
  })
  .strict();

const observeSchema = z
  .object({
    /** Output unchanged this long after a turn started, with nothing recognisable on screen, means idle. */
    quiescence_ms: z.number().int().min(100).max(600_000).default(3000),
  })
  .strict();

/** The events `usage watch` raises, in the order it reports them. */
export const USAGE_WATCH_EVENTS = ['quota_low', 'quota_reached', 'quota_reset', 'provider_unavailable'] as const;
export type UsageWatchEventName = (typeof USAGE_WATCH_EVENTS)[number];

/**
 * A command `usage watch` runs: a shell string (run with `sh -c`, so pipes and redirections work) or
 * an argv array (run directly, no shell: `["notify-send", "quota"]`). It gets the event JSON on stdin.
 */
const watchCommandSchema = z.union([
  z.string().trim().min(1, 'a command string must not be empty'),
  z
    .array(z.string())
    .min(1, 'an argv array needs at least the program')
    .refine((argv) => (argv[0] ?? '').trim() !== '', {
      message: 'the program (argv[0]) must not be empty',
    }),
]);

const watchOnSchema = z
  .object(
    Object.fromEntries(USAGE_WATCH_EVENTS.map((event) => [event, z.array(watchCommandSchema).default([])])) as {
      [K in UsageWatchEventName]: z.ZodDefault<z.ZodArray<typeof watchCommandSchema>>;
    },
  )
  .strict();

const usageWatchSchema = z
  .object({
    /** Seconds between refreshes when `usage watch` names no `--interval`. */
    interval_seconds: z.number().int().min(1).max(86_400).default(300),
    /** A command still running after this long is killed (its event counts as failed for that command). */
    command_timeout_seconds: z.number().int().min(1).max(3600).default(60),
    /** Event name → the commands to run, each given the event JSON on stdin. */
    on: z.preprocess(
      nullAsAbsent,
      watchOnSchema.default(() => watchOnSchema.parse({})),
    ),
  })
  .strict();

const usageBackendSchema = z
  .object({
    /** The backend's executable: a name looked up on PATH or a path; null looks up its default name (`codexbar`, `ccusage`). */
    command: z.string().trim().min(1).nullable().default(null),
  })
  .strict();

const usageBackendsSchema = z
  .object({
    codexbar: z.preprocess(
      nullAsAbsent,
      usageBackendSchema.default(() => usageBackendSchema.parse({})),
    ),
    ccusage: z.preprocess(
      nullAsAbsent,
      usageBackendSchema.default(() => usageBackendSchema.parse({})),
    ),
  })
  .strict();

const usageSchema = z
  .object({
    watch: z.preprocess(
      nullAsAbsent,
      usageWatchSchema.default(() => usageWatchSchema.parse({})),
    ),
    /** External usage backends (`usage --backend codexbar|ccusage|combined`): where their executables are. */
    backends: z.preprocess(
      nullAsAbsent,
      usageBackendsSchema.default(() => usageBackendsSchema.parse({})),
    ),
  })
  .strict();

/** `auth_strategy` as cap spells it: `least_used` is `balanced`; `round_robin` and `rr` are `team_cycle`. */
export const AUTH_STRATEGY_NAMES = ['balanced', 'team_cycle', 'headroom', 'least_used', 'round_robin', 'rr'] as const;

const poolSchema = z
  .object({
    /** Provider home template folders (`CODEX_HOME` sources) `pool pick` chooses from: a list or a comma-separated string; null means `~/.codex`. */
    sources: z
      .union([z.array(z.string().trim().min(1)), z.string()])
      .nullable()
      .default(null),
    /** How `pool pick` chooses a source: `round_robin` (a shared counter) or `hash` (of the worker name). */
    strategy: z.enum(['round_robin', 'hash']).default('round_robin'),
    /** The folder of auth files `pool pick-auth` chooses from. */
    auth_team_dir: z.string().trim().min(1).nullable().default(null),
    /** Which files of `auth_team_dir` are auth files (a shell-style pattern over file names). */
    auth_team_glob: z.string().trim().min(1).default('*'),
    /** How `pool pick-auth` and `spawn --pool` choose: `balanced` (fewest live assignments), `team_cycle` (one current auth for everybody) or `headroom` (most left in the binding window, from cached usage). */
    auth_strategy: z.enum(AUTH_STRATEGY_NAMES).default('balanced'),
  })
  .strict();

export const configSchema = z
  .object({
    version: z.literal(1).default(1),
    policy: z.preprocess(
      nullAsAbsent,
      policySchema.default(() => policySchema.parse({})),
    ),
    providers: z.preprocess(
      nullAsAbsent,
      z
        .record(
          z.string(),
          z.preprocess((value) => (value === null ? {} : value), providerSettingsSchema),
        )
        .default({}),
    ),
    /** Third-party provider adapters: npm package names or local file paths. */
    plugins: z.preprocess(nullAsAbsent, z.array(z.string().min(1)).default([])),
    /** CLIs driven without code: command line, prompt mode and screen patterns (see custom-provider-schema.ts). */
    custom_providers: z.preprocess(nullAsAbsent, customProvidersSchema.default({})),
    tmux: z.preprocess(
      nullAsAbsent,
      tmuxSchema.default(() => tmuxSchema.parse({})),
    ),
    observe: z.preprocess(
      nullAsAbsent,
      observeSchema.default(() => observeSchema.parse({})),
    ),
    /** `usage watch`: its interval and the commands it runs per event. */
    usage: z.preprocess(
      nullAsAbsent,
      usageSchema.default(() => usageSchema.parse({})),
    ),
    /** The account pool: source homes and auth files for workers (environment variables CAP_* win over these). */
    pool: z.preprocess(
      nullAsAbsent,
      poolSchema.default(() => poolSchema.parse({})),
    ),
  })
  .strict();

/** The `pool:` section of config.yaml. */
export type PoolConfig = z.infer<typeof poolSchema>;
export type AgentPoolConfig = z.infer<typeof configSchema>;
export type Policy = z.infer<typeof policySchema>;
export type ProviderSettingsConfig = z.infer<typeof providerSettingsSchema>;
/** A `usage.watch.on` command: a shell string or an argv array. */
export type UsageWatchCommand = z.infer<typeof watchCommandSchema>;
export type UsageWatchConfig = z.infer<typeof usageWatchSchema>;
/** `usage.backends`: the executable of each external usage backend. */
export type UsageBackendsConfig = z.infer<typeof usageBackendsSchema>;
