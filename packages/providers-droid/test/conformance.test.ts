import { captureScreen, moment, runProviderConformance, streamEnd, turnStart } from '@agentpool/provider-test-kit';
import { droidProvider } from '../src/index.js';

// The checks every adapter passes, with screens of Factory Droid 0.225.2 rendered from real pane streams.
runProviderConformance(droidProvider, {
  screens: [
    captureScreen('droid-0.225.2-approval', turnStart(1), 'ready', 'input.ready'),
    captureScreen('droid-0.225.2-approval', moment('approval_prompt'), 'approval_prompt', 'prompt.approval'),
    captureScreen('droid-0.225.2-approval', streamEnd, 'ready', 'input.ready'),
    captureScreen('droid-0.225.2-question', moment('question', 1), 'question', 'prompt.question'),
    captureScreen('droid-0.225.2-working', moment('working'), 'working', 'status.working'),
    captureScreen('droid-0.225.2-trust', moment('startup_prompt'), 'startup_prompt', 'prompt.trust'),
    captureScreen('droid-0.225.2-login', moment('auth_required'), 'auth_required', 'prompt.login'),
    captureScreen('droid-0.225.2-rate-limit', moment('limit_reached', 0), 'limit_reached', 'status.retrying'),
    captureScreen('droid-0.225.2-rate-limit', moment('limit_reached', 1), 'limit_reached', 'notice.limit'),
    captureScreen('droid-0.225.2-api-error', moment('error'), 'error', 'notice.error'),
    captureScreen('droid-0.225.2-network-failure', moment('auth_required'), 'auth_required', 'exit.auth_failed'),
    captureScreen('droid-0.225.2-spec', streamEnd, 'ready', 'input.ready'),
  ],
});
