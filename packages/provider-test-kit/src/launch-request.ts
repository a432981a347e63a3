import type { LaunchRequest } from '@agentpool/core';

/**
 * A launch request for an adapter's launch tests: a read-only custom worker pasting "Inspect the
 * repo." in `/repo`, a context with no PATH to find binaries on and no account, and a signal
 * recorder; `overrides` replace whole fields.
 */
export function launchRequest(overrides: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    sessionId: 'ses_launch000001',
    prompt: 'Inspect the repo.',
    promptMode: 'provider_default',
    cwd: '/repo',
    isolation: 'read_only',
    role: 'custom',
    sessionDir: '/a/ses_launch000001',
    context: { env: { PATH: '/nonexistent' }, home: '/a', settings: {} },
    signalRecorder: { dir: '/a/ses_launch000001/signals', argv: ['/usr/bin/node', '-e', 'record("x")', '--'] },
    ...overrides,
  };
}
