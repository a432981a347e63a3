import type { AccountHomeLayout } from '@agentpool/core';

const globToRegExp = (glob: string): RegExp => new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 's');

/**
 * Whether a top-level entry of a source home is copied into a worker's private home: not the
 * login file (the account's own comes in its place) and nothing the layout marks as per-run state.
 */
export function copiesHomeEntry(layout: AccountHomeLayout, name: string): boolean {
  if (name === layout.authFile) return false;
  return !layout.skip.some((pattern) => globToRegExp(pattern).test(name));
}
