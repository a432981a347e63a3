import { captureScreen, moment, runProviderConformance, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { copilotProvider } from '../src/index.js';

// The checks every adapter passes, with screens of GitHub Copilot CLI 1.0.102 rendered from real pane streams.
runProviderConformance(copilotProvider, {
  screens: [
    captureScreen('copilot-1.0.102-working', turnStart(1), 'ready', 'input.ready'),
    captureScreen('copilot-1.0.102-long-reply', streamEnd, 'ready', 'input.ready'),
    captureScreen('copilot-1.0.102-working', moment('working'), 'working', 'footer.working'),
    captureScreen('copilot-1.0.102-approval', moment('approval_prompt'), 'approval_prompt', 'dialog.permission'),
    captureScreen('copilot-1.0.102-question', moment('question'), 'question', 'dialog.ask_user'),
    captureScreen('copilot-1.0.102-rate-limit', moment('limit_reached'), 'limit_reached', 'banner.limit'),
    captureScreen('copilot-1.0.102-api-error', moment('error'), 'error', 'banner.error'),
    captureScreen('copilot-1.0.102-trust', moment('startup_prompt'), 'startup_prompt', 'dialog.trust'),
    captureScreen('copilot-1.0.102-login', moment('auth_required'), 'auth_required', 'notice.sign_in'),
    captureScreen('copilot-1.0.102-network-failure', moment('error'), 'error', 'notice.network'),
  ],
});
