import type { AgentPoolConfig } from './config-schema.js';

// Written out rather than computed with the schema so that reading no config file costs no zod
// load at start-up; a test keeps it equal to `configSchema.parse({})`.
const DEFAULTS: AgentPoolConfig = {
  version: 1,
  policy: {
    allow_auto_routing: false,
    max_parallel_sessions: 4,
    allow_raw_keys: false,
    default_isolation: 'read_only',
    require_worktree_for_edits: false,
    min_remaining_percent: 10,
    allow_low_usage: false,
    never_allow_overage: false,
    usage_stale_after_seconds: 1800,
    usage_auto_refresh_after_seconds: null,
    allowed_providers: null,
    denied_providers: [],
    default_max_runtime_seconds: null,
    default_max_turns: null,
    worker_env_allow: null,
    worker_env_deny: [],
    mcp_lockdown_allow_spawn: false,
    mcp_lockdown_allow_send: false,
  },
  providers: {},
  plugins: [],
  custom_providers: {},
  tmux: { binary: 'tmux', width: 200, height: 50 },
  observe: { quiescence_ms: 3000 },
  usage: {
    watch: {
      interval_seconds: 300,
      command_timeout_seconds: 60,
      on: { quota_low: [], quota_reached: [], quota_reset: [], provider_unavailable: [] },
    },
    backends: { codexbar: { command: null }, ccusage: { command: null } },
  },
  pool: { sources: null, strategy: 'round_robin', auth_team_dir: null, auth_team_glob: '*', auth_strategy: 'balanced' },
};

/** The configuration used when there is no config file: every default from code (a fresh copy). */
export function defaultConfig(): AgentPoolConfig {
  return structuredClone(DEFAULTS);
}
