import { defineConfig } from 'tsup';

/** The build every library package shares: ESM with types and source maps for Node 20. */
export const libraryConfig = defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  target: 'node20',
  clean: true,
});
