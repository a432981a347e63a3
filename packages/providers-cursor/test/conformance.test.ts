import type { ConformanceScreen } from '@agentpool/provider-test-kit';
import { runProviderConformance } from '@agentpool/provider-test-kit';
import { cursorProvider } from '../src/index.js';
import { fixtureScreen } from './fixture-screens.js';

// The checks every adapter passes. No Cursor CLI installs here: the screens are written from its
// documentation (test/__fixtures__/README.md names each line's source), not captured.
function documented(name: string, state: ConformanceScreen['state'], rule: string, sentTexts: readonly string[] = []): ConformanceScreen {
  return { name: `${name} (written from documentation, not a capture)`, screen: fixtureScreen(name), state, rule, sentTexts };
}

runProviderConformance(cursorProvider, {
  screens: [
    documented('cursor-ready-fresh', 'ready', 'input.ready'),
    documented('cursor-ready-follow-up', 'ready', 'input.ready', ['Find where the task list renders its summary.']),
    documented('cursor-working', 'working', 'input.stop_hint', ['Add a unit test for the parser and run this command when done: npm test']),
    documented('cursor-approval-shell', 'approval_prompt', 'prompt.approval'),
    documented('cursor-approval-shell-2026-09', 'approval_prompt', 'prompt.approval'),
    documented('cursor-trust', 'startup_prompt', 'prompt.trust'),
    documented('cursor-login', 'auth_required', 'prompt.login'),
    documented('cursor-usage-limit', 'limit_reached', 'banner.limit', ['Summarise the open pull requests.']),
    documented('cursor-model-refused', 'error', 'banner.model_refused'),
    documented('cursor-decision', 'question', 'prompt.decision'),
  ],
});
