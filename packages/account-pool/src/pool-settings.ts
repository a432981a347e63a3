import { isAbsolute, join, resolve } from 'node:path';
import { AgentPoolError, type PoolConfig } from '@agentpool/core';
import { SOURCE_STRATEGIES, type SourceStrategy } from './source-pick.js';

export const AUTH_STRATEGIES = ['balanced', 'team_cycle', 'headroom'] as const;
/** How `pick-auth` chooses: fewest live assignments, one current auth for the whole team, or the most left in the binding window. */
export type AuthStrategy = (typeof AUTH_STRATEGIES)[number];

/** cap's spellings of the auth strategies. */
const AUTH_STRATEGY_ALIASES: Readonly<Record<string, AuthStrategy>> = {
  balanced: 'balanced',
  least_used: 'balanced',
  team_cycle: 'team_cycle',
  headroom: 'headroom',
  round_robin: 'team_cycle',
  rr: 'team_cycle',
};

/** Where a setting's value came from: an environment variable wins over config.yaml, which wins over the default. */
export interface SettingOrigin {
  readonly from: 'env' | 'config' | 'default';
  /** The environment variable, when `from` is `env`. */
  readonly variable?: string;
}

export type PoolSettingName = 'sources' | 'strategy' | 'auth_team_dir' | 'auth_team_glob' | 'auth_strategy';

/** The account pool's settings, resolved to absolute paths and canonical strategy names. */
export interface PoolSettings {
  readonly sources: readonly string[];
  readonly strategy: SourceStrategy;
  readonly authTeamDir: string | null;
  readonly authTeamGlob: string;
  readonly authStrategy: AuthStrategy;
  readonly origins: Readonly<Record<PoolSettingName, SettingOrigin>>;
}

export interface ResolvePoolSettingsOptions {
  /** Home folder `~` expands to (default `env.HOME`). */
  readonly homeDir?: string;
  /** Folder relative paths are resolved against (default the current directory). */
  readonly cwd?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** The first of `names` set to something other than blank, with its value. */
function fromEnv(env: Env, names: readonly string[]): { variable: string; value: string } | null {
  for (const variable of names) {
    const value = env[variable]?.trim();
    if (value) return { variable, value };
  }
  return null;
}

function invalid(setting: string, value: string, valid: readonly string[], origin: SettingOrigin): AgentPoolError {
  const where = origin.variable ?? `pool.${setting} in config.yaml`;
  return new AgentPoolError('CONFIG_INVALID', `${where} must be one of ${valid.join(', ')}; got "${value}".`, {
    details: { setting: `pool.${setting}`, variable: origin.variable ?? null, value, valid },
    hint: origin.variable ? `${origin.variable}=${valid[0]} agentpool pool where` : `Fix pool.${setting}, then run: agentpool pool where`,
  });
}

/** A comma list (`a,b`) or a JSON array (`["a","b"]`), as CAP_SOURCES accepts. */
function parseSourceList(text: string, origin: SettingOrigin): string[] {
  if (text.trim().startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!Array.isArray(parsed) || !parsed.every((item) => typeof item === 'string')) {
      throw new AgentPoolError(
        'CONFIG_INVALID',
        `${origin.variable ?? 'pool.sources'} looks like a JSON array but is not an array of strings.`,
        {
          details: { setting: 'pool.sources', variable: origin.variable ?? null },
          hint: 'CAP_SOURCES=\'["/abs/home-a","/abs/home-b"]\' or CAP_SOURCES=/abs/home-a,/abs/home-b',
        },
      );
    }
    return parsed.map((item) => item.trim()).filter((item) => item !== '');
  }
  return text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Resolves the pool settings: each environment variable (cap's names) wins over its config key;
 * `~` expands to the home folder; relative paths become absolute. An unknown strategy is
 * CONFIG_INVALID naming the variable or key it came from.
 */
export function resolvePoolSettings(config: PoolConfig, env: Env, options: ResolvePoolSettingsOptions = {}): PoolSettings {
  const homeDir = options.homeDir ?? env.HOME ?? '/';
  const cwd = options.cwd ?? process.cwd();
  const absolute = (path: string): string => {
    const expanded = path === '~' ? homeDir : path.startsWith('~/') ? join(homeDir, path.slice(2)) : path;
    return isAbsolute(expanded) ? resolve(expanded) : resolve(cwd, expanded);
  };
  const origins = {} as Record<PoolSettingName, SettingOrigin>;
  const pick = (name: PoolSettingName, variables: readonly string[], configured: string | null, isDefault: boolean): string | null => {
    const set = fromEnv(env, variables);
    if (set) {
      origins[name] = { from: 'env', variable: set.variable };
      return set.value;
    }
    origins[name] = { from: isDefault ? 'default' : 'config' };
    return configured;
  };

  const configuredSources = config.sources === null ? null : Array.isArray(config.sources) ? config.sources.join(',') : config.sources;
  const sourcesText = pick('sources', ['CAP_SOURCES'], configuredSources, config.sources === null);
  let sources = sourcesText === null ? [] : parseSourceList(sourcesText, origins.sources);
  if (sources.length === 0) {
    sources = ['~/.codex'];
    if (origins.sources.from !== 'env') origins.sources = { from: 'default' };
  }

  const strategy = pick('strategy', ['CAP_STRATEGY'], config.strategy, config.strategy === 'round_robin') as string;
  if (!(SOURCE_STRATEGIES as readonly string[]).includes(strategy))
    throw invalid('strategy', strategy, SOURCE_STRATEGIES, origins.strategy);

  const authTeamDir = pick('auth_team_dir', ['CAP_AUTH_TEAM_DIR', 'AUTH_TEAM_DIR'], config.auth_team_dir, config.auth_team_dir === null);
  const authTeamGlob = pick('auth_team_glob', ['CAP_AUTH_TEAM_GLOB'], config.auth_team_glob, config.auth_team_glob === '*') as string;

  const authStrategyName = pick(
    'auth_strategy',
    ['CAP_AUTH_STRATEGY'],
    config.auth_strategy,
    config.auth_strategy === 'balanced',
  ) as string;
  const authStrategy = AUTH_STRATEGY_ALIASES[authStrategyName.toLowerCase()];
  if (authStrategy === undefined) {
    throw invalid('auth_strategy', authStrategyName, Object.keys(AUTH_STRATEGY_ALIASES), origins.auth_strategy);
  }

  return {
    sources: sources.map(absolute),
    strategy: strategy as SourceStrategy,
    authTeamDir: authTeamDir === null ? null : absolute(authTeamDir),
    authTeamGlob,
    authStrategy,
    origins,
  };
}
