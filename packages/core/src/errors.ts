const MARKER = Symbol.for('agentpool.error');

/**
 * Every error agentpool reports has one of these codes. Codes whose kind is `usage` mean the
 * caller asked for something invalid (exit code 2); `operational` means a valid request failed
 * (exit code 1).
 */
export const ERROR_CODES = {
  INVALID_REQUEST: 'usage',
  INVALID_TASK: 'usage',
  INVALID_WAIT_FOR: 'usage',
  INVALID_TIMEOUT: 'usage',
  INVALID_TRANSCRIPT_RANGE: 'usage',
  INVALID_REPO: 'usage',
  INVALID_KEY: 'usage',
  PROVIDER_NOT_FOUND: 'usage',
  PROVIDER_AUTO_REJECTED: 'usage',
  SESSION_NOT_FOUND: 'usage',
  LEASE_NOT_FOUND: 'usage',
  WORKTREE_NOT_FOUND: 'usage',
  CONFIG_INVALID: 'usage',
  GIT_NOT_REPO: 'usage',
  CAPABILITY_UNSUPPORTED: 'usage',
  INVALID_HOME: 'usage',
  /** An MCP client's config file (Codex config.toml, ~/.claude.json, …) does not parse, or holds agentpool's entry in a form agentpool does not edit. */
  CLIENT_CONFIG_INVALID: 'usage',
  PROVIDER_NOT_INSTALLED: 'operational',
  PROVIDER_NOT_EXECUTABLE: 'operational',
  POLICY_BLOCKED: 'operational',
  /** A spawn refused because the provider's cached usage is at or below the buffer, or its limit is reached. */
  USAGE_POLICY_BLOCKED: 'operational',
  PARALLEL_LIMIT_REACHED: 'operational',
  TURN_LIMIT_REACHED: 'operational',
  SESSION_ENDED: 'operational',
  LEASE_CONFLICT: 'operational',
  TMUX_NOT_FOUND: 'operational',
  TMUX_FAILED: 'operational',
  GIT_FAILED: 'operational',
  SPAWN_FAILED: 'operational',
  WORKTREE_ACTIVE: 'operational',
  WORKTREE_DIRTY: 'operational',
  STORE_FAILED: 'operational',
  CONFIG_EXISTS: 'operational',
  /** No pool account with that label (`agentpool pool accounts list` shows the known ones). */
  UNKNOWN_ACCOUNT: 'usage',
  /** A pool account with that label exists already. */
  ACCOUNT_EXISTS: 'usage',
  /** A pick by headroom found no account or auth file with room left in its binding window. */
  NO_HEADROOM: 'operational',
  /** Every account of the pool asked for is paused (`agentpool pool resume <account>`). */
  ACCOUNTS_PAUSED: 'operational',
  ADAPTER_FAILED: 'operational',
  AUTH_REQUIRED: 'operational',
  USAGE_PROBE_FAILED: 'operational',
  /** `usage --backend codexbar|ccusage` asked for an external usage backend that is not installed. */
  USAGE_BACKEND_NOT_INSTALLED: 'usage',
  HOME_NOT_WRITABLE: 'operational',
  /** An MCP client's config file or its folder is read-only (or on a read-only file system). */
  CLIENT_CONFIG_NOT_WRITABLE: 'operational',
  /** Another process holds the lock on an MCP client's config file. */
  CLIENT_CONFIG_LOCKED: 'operational',
  /** The account pool's auth team folder is not configured, does not exist or is not a folder. */
  AUTH_TEAM_NOT_FOUND: 'usage',
  /** No file in the auth team folder matches the glob (after leaving out locks, temp files and .DS_Store). */
  AUTH_TEAM_EMPTY: 'usage',
  /** No team of that name under the resolved team root (`agentpool team init` creates one). */
  TEAM_NOT_FOUND: 'usage',
  /** No task, or no debate, with that id on the team's board. */
  TASK_NOT_FOUND: 'usage',
  DEBATE_NOT_FOUND: 'usage',
  /** A claim or status change the board refuses as it stands: another member's in-progress task, a completed task. */
  TASK_CONFLICT: 'operational',
  /** The task waits on dependencies that are not completed yet. */
  TASK_BLOCKED: 'operational',
  /** The debate is not in a state that allows the request (a position on a decided debate, another option for a decided one). */
  DEBATE_CONFLICT: 'operational',
  /** A team hook (task_created, task_completed) exited 2: the creation or completion was refused; its stderr says why. */
  HOOK_BLOCKED: 'operational',
  /** The member already has a live worker; terminate it first. */
  MEMBER_LIVE: 'operational',
  INTERNAL: 'operational',
} as const;

/** Codes whose failure may pass if the same request is made again later (a timeout, a busy service, a rate limit). */
const RETRYABLE_BY_DEFAULT: ReadonlySet<ErrorCode> = new Set([
  'TMUX_FAILED',
  'STORE_FAILED',
  'USAGE_PROBE_FAILED',
  'ADAPTER_FAILED',
  'CLIENT_CONFIG_LOCKED',
]);

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorKind = (typeof ERROR_CODES)[ErrorCode];

export interface AgentPoolErrorOptions {
  /** Structured facts about the failure (ids, paths, valid choices). Never secrets. */
  details?: Record<string, unknown>;
  /** The next thing to try, usually a full command line. */
  hint?: string;
  cause?: unknown;
  /** Whether trying again later may succeed; defaults by code (a probe timeout yes, an unknown account no). */
  retryable?: boolean;
}

/** The one error type agentpool throws. `code` says what went wrong; `details` carry the facts. */
export class AgentPoolError extends Error {
  readonly [MARKER] = true;
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;
  readonly hint: string | undefined;
  readonly retryable: boolean;

  constructor(code: ErrorCode, message: string, options: AgentPoolErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AgentPoolError';
    this.code = code;
    this.details = options.details ?? {};
    this.hint = options.hint;
    this.retryable = options.retryable ?? RETRYABLE_BY_DEFAULT.has(code);
  }

  get kind(): ErrorKind {
    return ERROR_CODES[this.code];
  }

  /** Works across duplicate installs of this package, unlike `instanceof`. */
  static isInstance(value: unknown): value is AgentPoolError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }

  toJSON(): { code: ErrorCode; message: string; retryable: boolean; details: Record<string, unknown> } {
    const details = this.hint === undefined ? this.details : { ...this.details, example: this.hint };
    return { code: this.code, message: this.message, retryable: this.retryable, details };
  }
}

/** Exit code for a CLI process that ends with this error: 2 for usage errors, 1 otherwise. */
export function exitCodeFor(error: unknown): 1 | 2 {
  return AgentPoolError.isInstance(error) && error.kind === 'usage' ? 2 : 1;
}

/** Wraps anything thrown into an AgentPoolError, keeping the original as `cause`. */
export function toAgentPoolError(error: unknown): AgentPoolError {
  if (AgentPoolError.isInstance(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new AgentPoolError('INTERNAL', message, { cause: error });
}
