import type { Observation, Screen, ScreenState } from '@agentpool/core';

/** Draft; replaced by rules read from real captures. */
export function classifyCopilotScreen(screen: Screen): Observation {
  const lines = screen.lines.map((line) => line.trim());
  const state: ScreenState = lines.some((line) => /esc esc (interrupt|edit prompt)/.test(line)) ? 'working' : 'unknown';
  return { state, confidence: state === 'unknown' ? 0 : 0.9, evidence: [], rule: 'draft' };
}
