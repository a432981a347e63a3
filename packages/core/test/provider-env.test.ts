import { describe, expect, it } from 'vitest';
import { providerEnv } from '../src/provider-env.js';

describe('providerEnv', () => {
  it("layers agentpool's environment, the provider's configured env, then the account's", () => {
    const env = providerEnv({
      env: { HOME: '/home/me', API_KEY: 'caller', ONLY_CALLER: '1' },
      home: '/ap',
      settings: { env: { API_KEY: 'configured', ONLY_CONFIG: '1' } },
      account: { id: 'work', env: { API_KEY: 'account' } },
    });
    expect(env).toEqual({ HOME: '/home/me', API_KEY: 'account', ONLY_CALLER: '1', ONLY_CONFIG: '1' });
  });

  it('without settings env or an account, is the caller environment', () => {
    expect(providerEnv({ env: { HOME: '/home/me' }, home: '/ap', settings: {} })).toEqual({ HOME: '/home/me' });
  });
});
