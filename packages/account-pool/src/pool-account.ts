/** One account of the pool: a provider plus a source home (template) and/or an auth file, by label. */
export interface PoolAccount {
  /** The account's id (`work`, `personal-2`): what `spawn --account` and `pause` name. */
  readonly label: string;
  /** The provider it logs into (`codex-cli`, `claude-code`). */
  readonly provider: string;
  /** The pool it belongs to: `spawn --pool <name>` picks among its unpaused accounts (default: the provider id). */
  readonly pool: string;
  /** A provider home whose configuration (never its sessions, logs or history) workers get; null: none. */
  readonly sourceHome: string | null;
  /** The login file copied into a worker's home (0600); null: the source home's own login file. */
  readonly authFile: string | null;
  /** A paused account is never picked. */
  readonly paused: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface NewPoolAccount {
  readonly label: string;
  readonly provider: string;
  readonly pool: string;
  readonly sourceHome: string | null;
  readonly authFile: string | null;
}

/**
 * Where accounts are kept. The store implements it over `pool_accounts`; each call is one
 * transaction. Only paths are kept, never the content of an auth file.
 */
export interface PoolAccountStore {
  list(): Promise<PoolAccount[]>;
  get(label: string): Promise<PoolAccount | null>;
  /** Adds the account; null when the label is taken (nothing changed). */
  add(account: NewPoolAccount, at: string): Promise<PoolAccount | null>;
  /** Removes it; null when there was none. */
  remove(label: string): Promise<PoolAccount | null>;
  /** Pauses or resumes it; null when there is none. */
  setPaused(label: string, paused: boolean, at: string): Promise<PoolAccount | null>;
}
