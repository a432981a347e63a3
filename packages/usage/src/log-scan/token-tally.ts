import type { TokenTally } from '@agentpool/core';

export type { TokenTally };

export const emptyTally = (): TokenTally => ({ input: 0, output: 0, cacheCreation: 0, cacheRead: 0, reasoning: 0, total: 0, entries: 0 });

export function addTally(into: TokenTally, add: Readonly<TokenTally>): TokenTally {
  into.input += add.input;
  into.output += add.output;
  into.cacheCreation += add.cacheCreation;
  into.cacheRead += add.cacheRead;
  into.reasoning += add.reasoning;
  into.total += add.total;
  into.entries += add.entries;
  return into;
}
