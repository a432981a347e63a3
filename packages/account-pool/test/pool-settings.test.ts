import { defaultConfig, type PoolConfig } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { resolvePoolSettings } from '../src/pool-settings.js';

const config = (pool: Partial<PoolConfig> = {}): PoolConfig => ({ ...defaultConfig().pool, ...pool });
const OPTIONS = { homeDir: '/home/me', cwd: '/work' };

describe('resolvePoolSettings', () => {
  it('defaults to ~/.codex, round_robin, glob "*" and balanced', () => {
    const settings = resolvePoolSettings(config(), {}, OPTIONS);
    expect(settings.sources).toEqual(['/home/me/.codex']);
    expect(settings.strategy).toBe('round_robin');
    expect(settings.authTeamDir).toBeNull();
    expect(settings.authTeamGlob).toBe('*');
    expect(settings.authStrategy).toBe('balanced');
    expect(settings.origins.sources).toEqual({ from: 'default' });
  });

  it('an environment variable wins over config.yaml', () => {
    const settings = resolvePoolSettings(
      config({ sources: ['/cfg/a'], strategy: 'round_robin', auth_team_dir: '/cfg/team', auth_team_glob: 'x*', auth_strategy: 'balanced' }),
      {
        CAP_SOURCES: '/env/a,/env/b',
        CAP_STRATEGY: 'hash',
        CAP_AUTH_TEAM_DIR: '/env/team',
        CAP_AUTH_TEAM_GLOB: 'auth*',
        CAP_AUTH_STRATEGY: 'team_cycle',
      },
      OPTIONS,
    );
    expect(settings.sources).toEqual(['/env/a', '/env/b']);
    expect(settings.strategy).toBe('hash');
    expect(settings.authTeamDir).toBe('/env/team');
    expect(settings.authTeamGlob).toBe('auth*');
    expect(settings.authStrategy).toBe('team_cycle');
    expect(settings.origins.auth_team_dir).toEqual({ from: 'env', variable: 'CAP_AUTH_TEAM_DIR' });
  });

  it('reads config.yaml when no variable is set, and a blank variable counts as unset', () => {
    const settings = resolvePoolSettings(config({ sources: '~/a, rel/b', auth_team_dir: '~/team' }), { CAP_SOURCES: '  ' }, OPTIONS);
    expect(settings.sources).toEqual(['/home/me/a', '/work/rel/b']);
    expect(settings.authTeamDir).toBe('/home/me/team');
    expect(settings.origins.sources).toEqual({ from: 'config' });
  });

  it('takes CAP_SOURCES as a JSON array too', () => {
    expect(resolvePoolSettings(config(), { CAP_SOURCES: '["/a, with comma", "/b"]' }, OPTIONS).sources).toEqual(['/a, with comma', '/b']);
  });

  it('falls back to AUTH_TEAM_DIR, and CAP_AUTH_TEAM_DIR wins over it', () => {
    expect(resolvePoolSettings(config(), { AUTH_TEAM_DIR: '/t1' }, OPTIONS).authTeamDir).toBe('/t1');
    expect(resolvePoolSettings(config(), { AUTH_TEAM_DIR: '/t1', CAP_AUTH_TEAM_DIR: '/t2' }, OPTIONS).authTeamDir).toBe('/t2');
  });

  it.each([
    ['least_used', 'balanced'],
    ['round_robin', 'team_cycle'],
    ['rr', 'team_cycle'],
    ['TEAM_CYCLE', 'team_cycle'],
  ])('reads the auth strategy alias %s as %s', (alias, canonical) => {
    expect(resolvePoolSettings(config(), { CAP_AUTH_STRATEGY: alias }, OPTIONS).authStrategy).toBe(canonical);
  });

  it('refuses an unknown strategy, naming the variable and the valid values', () => {
    expect(() => resolvePoolSettings(config(), { CAP_STRATEGY: 'random' }, OPTIONS)).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('CAP_STRATEGY must be one of round_robin, hash'),
      }),
    );
    expect(() => resolvePoolSettings(config(), { CAP_AUTH_STRATEGY: 'most_used' }, OPTIONS)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID', details: expect.objectContaining({ variable: 'CAP_AUTH_STRATEGY' }) }),
    );
  });

  it('refuses a JSON-looking CAP_SOURCES that is not an array of strings', () => {
    expect(() => resolvePoolSettings(config(), { CAP_SOURCES: '[1, 2]' }, OPTIONS)).toThrow(
      expect.objectContaining({ code: 'CONFIG_INVALID' }),
    );
  });
});
