import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { homePaths, resolveHome, sessionDir } from '../src/paths.js';

describe('resolveHome', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('honours AGENTPOOL_HOME', () => {
    expect(resolveHome({ AGENTPOOL_HOME: '/srv/agentpool', HOME: '/home/me' })).toBe('/srv/agentpool');
  });

  it('resolves a relative AGENTPOOL_HOME to an absolute path and trims it', () => {
    expect(resolveHome({ AGENTPOOL_HOME: '  rel/home  ' })).toBe(resolve('rel/home'));
  });

  it.each([
    ['unset', { HOME: '/home/me' }],
    ['empty', { AGENTPOOL_HOME: '', HOME: '/home/me' }],
    ['blank', { AGENTPOOL_HOME: '   ', HOME: '/home/me' }],
  ])('uses HOME/.agentpool when AGENTPOOL_HOME is %s', (_name, env) => {
    expect(resolveHome(env)).toBe('/home/me/.agentpool');
  });

  it('falls back to the OS home folder without HOME', () => {
    expect(resolveHome({})).toBe(join(homedir(), '.agentpool'));
  });

  it('reads process.env by default', () => {
    vi.stubEnv('AGENTPOOL_HOME', '/tmp/agentpool-from-env');
    expect(resolveHome()).toBe('/tmp/agentpool-from-env');
  });
});

describe('homePaths', () => {
  it('puts everything inside the home', () => {
    const paths = homePaths('/srv/ap');
    expect(paths).toEqual({
      home: '/srv/ap',
      config: '/srv/ap/config.yaml',
      preferences: '/srv/ap/preferences.md',
      database: '/srv/ap/agentpool.sqlite',
      artifacts: '/srv/ap/artifacts',
      worktrees: '/srv/ap/worktrees',
      homes: '/srv/ap/homes',
      tmuxSocket: '/srv/ap/tmux.sock',
    });
    expect(sessionDir(paths, 'ses_abcdefghjkmn')).toBe('/srv/ap/artifacts/ses_abcdefghjkmn');
  });
});
