import { captureScreen, moment, runProviderConformance, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { codexProvider } from '../src/index.js';

// The checks every adapter passes, with screens of Codex 0.169.0 rendered from real pane streams.
runProviderConformance(codexProvider, {
  screens: [
    captureScreen('codex-0.169.0-two-turns-alt-screen', turnStart(1), 'ready', 'input.ready'),
    captureScreen('codex-0.169.0-two-turns-no-alt-screen', streamEnd, 'ready', 'input.ready'),
    captureScreen('codex-0.169.0-working', moment('working'), 'working', 'status.working'),
    captureScreen('codex-0.169.0-approval', moment('approval_prompt'), 'approval_prompt', 'prompt.approval'),
    captureScreen('codex-0.169.0-rate-limit', moment('limit_reached'), 'limit_reached', 'banner.limit'),
    captureScreen('codex-0.169.0-api-error', moment('error'), 'error', 'banner.error'),
    captureScreen('codex-0.169.0-trust', moment('startup_prompt'), 'startup_prompt', 'prompt.trust'),
    captureScreen('codex-0.169.0-login', moment('auth_required'), 'auth_required', 'prompt.login'),
    captureScreen('codex-0.169.0-network-failure', moment('error', 1), 'error', 'status.reconnecting'),
  ],
});
