import { captureScreen, moment, runProviderConformance, turnStart } from '@agentpool/provider-test-kit';
import { opencodeProvider } from '../src/index.js';

// The checks every adapter passes, with screens of opencode 1.18.33 rendered from real pane streams.
runProviderConformance(opencodeProvider, {
  screens: [
    captureScreen('opencode-1.18.33-working', turnStart(1), 'ready', 'input.ready'),
    captureScreen('opencode-1.18.33-working', moment('working'), 'working', 'status.working'),
    captureScreen('opencode-1.18.33-working', moment('ready', 1), 'ready', 'input.ready'),
    captureScreen('opencode-1.18.33-approval', moment('approval_prompt'), 'approval_prompt', 'prompt.permission'),
    captureScreen('opencode-1.18.33-approval', moment('ready', 1), 'ready', 'input.ready'),
    captureScreen('opencode-1.18.33-question', moment('question'), 'question', 'prompt.question'),
    captureScreen('opencode-1.18.33-rate-limit', moment('limit_reached'), 'limit_reached', 'status.retry_limit'),
    captureScreen('opencode-1.18.33-rate-limit', moment('limit_reached', 1), 'limit_reached', 'status.retry_limit'),
    captureScreen('opencode-1.18.33-api-error', moment('error'), 'error', 'reply.failed'),
    captureScreen('opencode-1.18.33-auth', moment('auth_required'), 'auth_required', 'reply.auth'),
    captureScreen('opencode-1.18.33-offline', moment('error'), 'error', 'status.retry'),
  ],
});
