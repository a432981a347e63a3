import type { Observation, Screen } from '@agentpool/core';

export function classifyOpencodeScreen(screen: Screen): Observation {
  void screen;
  return { state: 'unknown', confidence: 0, evidence: [] };
}
