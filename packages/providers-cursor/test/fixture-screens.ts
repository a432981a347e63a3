import { readFileSync } from 'node:fs';
import { type Screen, screenLines } from '@agentpool/core';

/** A screen file in `__fixtures__` (written from documentation, see its README) as agentpool would read it. */
export function fixtureScreen(name: string): Screen {
  const text = readFileSync(new URL(`./__fixtures__/${name}.txt`, import.meta.url), 'utf8');
  return { lines: screenLines(text), width: 120, height: 40 };
}
