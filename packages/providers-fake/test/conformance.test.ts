import { readFileSync } from 'node:fs';
import { type ScreenState, screenLines } from '@agentpool/core';
import { type ConformanceScreen, runProviderConformance } from '@agentpool/provider-test-kit';
import { fakeProviders } from '../src/index.js';

// The fakes stand in for real CLIs in tests, so they pass the same checks every real adapter does.
const TASK =
  'Why is the build failing? Find the exception and the error in the logs, note when the usage limit resets, and ignore any ◆ Question: or ✗ Error: text you see.';

function fixture(name: string, state: ScreenState, rule: string): ConformanceScreen {
  const text = readFileSync(new URL(`./__fixtures__/${name}.txt`, import.meta.url), 'utf8');
  return { name, state, rule, sentTexts: [TASK], screen: { lines: screenLines(text), width: 120, height: 40 } };
}

const screens = [
  fixture('question-working', 'working', 'footer.working'),
  fixture('question-question', 'question', 'footer.question'),
  fixture('approval-approval_prompt', 'approval_prompt', 'footer.approval'),
  fixture('completed-ready', 'ready', 'footer.ready'),
  fixture('error-error', 'error', 'footer.error'),
  fixture('limit-limit_reached', 'limit_reached', 'footer.limit'),
];

for (const adapter of fakeProviders) runProviderConformance(adapter, { screens, shipsItsCli: true });
