import { captureScreen, moment, runProviderConformance, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { claudeCodeProvider } from '../src/index.js';

// The checks every adapter passes, with screens of Claude Code 2.1.197 rendered from real pane streams.
runProviderConformance(claudeCodeProvider, {
  screens: [
    captureScreen('claude-code-2.1.197-two-turns', turnStart(1), 'ready', 'input.ready'),
    captureScreen('claude-code-2.1.197-two-turns', streamEnd, 'ready', 'input.ready'),
    captureScreen('claude-code-2.1.197-working', moment('working'), 'working', 'footer.working'),
    captureScreen('claude-code-2.1.197-permission', moment('approval_prompt'), 'approval_prompt', 'prompt.permission'),
    captureScreen('claude-code-2.1.197-rate-limit', moment('limit_reached'), 'limit_reached', 'banner.limit'),
    captureScreen('claude-code-2.1.197-trust', moment('startup_prompt'), 'startup_prompt', 'prompt.trust'),
    captureScreen('claude-code-2.1.197-api-key', moment('startup_prompt'), 'startup_prompt', 'prompt.api_key'),
    captureScreen('claude-code-2.1.197-login', moment('auth_required'), 'auth_required', 'footer.not_logged_in'),
    captureScreen('claude-code-2.1.197-first-run-offline', moment('error'), 'error', 'startup.unreachable'),
    captureScreen('claude-code-2.1.197-network-failure', moment('error'), 'error', 'status.retrying'),
    captureScreen('claude-code-2.1.197-network-failure', moment('error', 2), 'error', 'banner.api_error'),
  ],
});
