import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { InterceptedAnswer, InterceptedRequest } from './https-intercept-proxy.js';

/**
 * A Claude Code home signed in with a fake claude.ai subscription (OAuth), for tests that intercept
 * api.anthropic.com (see `startInterceptProxy`). The token is fake and distinctive, so a test can
 * assert it never reaches agentpool's database, logs or output.
 */

/** The fake OAuth access token written into the home's `.credentials.json`. */
export const FAKE_CLAUDE_OAUTH_TOKEN = 'sk-ant-oat01-agentpool-FAKE-oauth-token-0123456789abcdef';
/** The fake refresh token beside it. */
export const FAKE_CLAUDE_REFRESH_TOKEN = 'sk-ant-ort01-agentpool-FAKE-refresh-token-0123456789abcdef';

/** The account the fake profile answers with. */
export const FAKE_CLAUDE_PROFILE = {
  account: {
    uuid: '00000000-0000-4000-8000-000000000001',
    email: 'usage-probe@example.invalid',
    full_name: 'Probe Test',
    display_name: 'Probe',
  },
  organization: {
    uuid: '00000000-0000-4000-8000-000000000002',
    name: 'Probe Test Org',
    organization_type: 'claude_max',
    rate_limit_tier: 'default_claude_max_20x',
    has_extra_usage_enabled: false,
  },
} as const;

/**
 * Writes `<home>/.claude/.credentials.json` (`claudeAiOauth` with the fake tokens, a day to run,
 * scopes `user:inference` and `user:profile`, subscription `max`) and `<home>/.claude/.claude.json`
 * (onboarding done, `workDirs` trusted). Returns the environment Claude runs with: HOME,
 * CLAUDE_CONFIG_DIR and the switches that keep it from updating itself or sending telemetry.
 */
export function prepareClaudeOAuthHome(
  home: string,
  workDirs: readonly string[] = [],
  subscriptionType = 'max',
): { env: Record<string, string>; configDir: string } {
  const configDir = join(home, '.claude');
  mkdirSync(configDir, { recursive: true });
  writeFileSync(
    join(configDir, '.credentials.json'),
    JSON.stringify({
      claudeAiOauth: {
        accessToken: FAKE_CLAUDE_OAUTH_TOKEN,
        refreshToken: FAKE_CLAUDE_REFRESH_TOKEN,
        expiresAt: Date.now() + 24 * 3600 * 1000,
        scopes: ['user:inference', 'user:profile', 'user:sessions:claude_code'],
        subscriptionType,
      },
    }),
    { mode: 0o600 },
  );
  writeFileSync(
    join(configDir, '.claude.json'),
    JSON.stringify({
      hasCompletedOnboarding: true,
      projects: Object.fromEntries(workDirs.map((dir) => [dir, { hasTrustDialogAccepted: true }])),
    }),
  );
  return {
    configDir,
    env: { HOME: home, CLAUDE_CONFIG_DIR: configDir, DISABLE_AUTOUPDATER: '1', DISABLE_TELEMETRY: '1' },
  };
}

/**
 * What api.anthropic.com answers Claude Code 2.1.197 in these tests: its profile
 * (`GET /api/oauth/profile`), the usage (`GET /api/oauth/usage`) from `usage()` (a status and body,
 * so a test can answer 429 or 500), and 404 for everything else it asks at start (bootstrap, grove,
 * penguin mode, the MCP registry, referral eligibility, the "quota" model call).
 */
export function claudeApiAnswer(usage: () => InterceptedAnswer): (request: InterceptedRequest) => InterceptedAnswer | null {
  return (request) => {
    const path = request.path.split('?')[0];
    if (request.method === 'GET' && path === '/api/oauth/profile') return { status: 200, body: FAKE_CLAUDE_PROFILE };
    if (request.method === 'GET' && path === '/api/oauth/usage') return usage();
    return null;
  };
}
