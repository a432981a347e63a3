import type { ProbeStateStore } from '@agentpool/core';

/** A probe state store in memory, for scripts and tests without a database. */
export function createMemoryProbeState(): ProbeStateStore & { readonly values: Map<string, Uint8Array> } {
  const values = new Map<string, Uint8Array>();
  return {
    values,
    async read(key) {
      const value = values.get(key);
      return value ? value.slice() : null;
    },
    async write(key, value) {
      values.set(key, value.slice());
    },
  };
}
