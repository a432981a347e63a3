import { readFileSync } from 'node:fs';
import { type ScreenState, screenLines } from '@agentpool/core';
import { type ConformanceScreen, runProviderConformance } from '@agentpool/provider-test-kit';
import { tallyProvider } from '../src/index.js';

// Screens of tally 1.0.0 captured from a tmux pane by scripts/capture-screens.mjs.
const TASK = 'Count the words of this task and keep the count in notes.txt.';
function captured(name: string, state: ScreenState, rule: string): ConformanceScreen {
  const text = readFileSync(new URL(`./screens/${name}.txt`, import.meta.url), 'utf8');
  return { name, state, rule, sentTexts: [TASK], screen: { lines: screenLines(text), width: 100, height: 20 } };
}

runProviderConformance(tallyProvider, {
  shipsItsCli: true,
  screens: [
    captured('tally-1.0.0-ready', 'ready', 'input'),
    captured('tally-1.0.0-pasted', 'ready', 'input'),
    captured('tally-1.0.0-working', 'working', 'spinner'),
    captured('tally-1.0.0-approval', 'approval_prompt', 'question.write'),
    captured('tally-1.0.0-completed', 'ready', 'input'),
  ],
});
