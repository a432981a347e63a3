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
    async list(prefix) {
      return [...values.entries()].filter(([key]) => key.startsWith(prefix)).map(([key, value]) => [key, value.slice()]);
    },
    async writeMany(entries) {
      for (const [key, value] of entries) {
        if (value === null) values.delete(key);
        else values.set(key, value.slice());
      }
    },
  };
}
