import { captureScreen, moment, runProviderConformance, streamEnd } from '@agentpool/provider-test-kit';
import { geminiProvider } from '../src/index.js';

// The checks every adapter passes, with screens of Gemini CLI 0.61.0 rendered from real pane streams.
runProviderConformance(geminiProvider, {
  screens: [
    captureScreen('gemini-0.61.0-working', moment('ready'), 'ready', 'input.ready'),
    captureScreen('gemini-0.61.0-working', moment('working'), 'working', 'status.working'),
    captureScreen('gemini-0.61.0-working', streamEnd, 'ready', 'input.ready'),
    captureScreen('gemini-0.61.0-approval', moment('approval_prompt'), 'approval_prompt', 'dialog.approval'),
    captureScreen('gemini-0.61.0-question', moment('question'), 'question', 'dialog.question'),
    captureScreen('gemini-0.61.0-rate-limit', moment('limit_reached'), 'limit_reached', 'dialog.usage_limit'),
    captureScreen('gemini-0.61.0-api-error', moment('error'), 'error', 'banner.error'),
    captureScreen('gemini-0.61.0-trust', moment('startup_prompt'), 'startup_prompt', 'dialog.trust'),
    captureScreen('gemini-0.61.0-auth', moment('auth_required'), 'auth_required', 'dialog.auth'),
    captureScreen('gemini-0.61.0-api-key', streamEnd, 'startup_prompt', 'dialog.api_key'),
  ],
});
