import type { ConformanceScreen } from '@agentpool/provider-test-kit';
import { runProviderConformance } from '@agentpool/provider-test-kit';
import { createDevinProvider } from '../src/index.js';
import { fixtureScreen } from './fixture-screens.js';

// The checks every adapter passes. No Devin CLI installs here: the screens are written from its
// documentation (test/__fixtures__/README.md names each line's source), not captured.
function documented(name: string, state: ConformanceScreen['state'], rule: string, sentTexts: readonly string[] = []): ConformanceScreen {
  return { name: `${name} (written from documentation, not a capture)`, screen: fixtureScreen(name), state, rule, sentTexts };
}

// The user's own Devin config is never read by these checks.
runProviderConformance(createDevinProvider({ readUserConfig: () => null }), {
  screens: [
    documented('devin-ready-idle', 'ready', 'input.ready'),
    documented('devin-ready-after-turn', 'ready', 'input.ready'),
    documented('devin-ready-welcome', 'ready', 'input.ready'),
    documented('devin-canceled', 'ready', 'input.ready'),
    documented('devin-working-tools', 'working', 'status.working', ['Summarise what the shell scripts in this repository do.']),
    documented('devin-working-thinking', 'working', 'status.working'),
    documented('devin-approval', 'approval_prompt', 'prompt.approval'),
    documented('devin-trust', 'startup_prompt', 'prompt.trust'),
    documented('devin-question', 'question', 'prompt.question'),
    documented('devin-login', 'auth_required', 'prompt.login'),
    documented('devin-rate-limit', 'limit_reached', 'banner.limit'),
    documented('devin-error', 'error', 'banner.error'),
  ],
});
