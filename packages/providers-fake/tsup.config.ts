import { defineConfig } from 'tsup';

export default defineConfig({
  // fake-agent.ts starts with a `#!/usr/bin/env node` line, which esbuild keeps and tsup makes executable.
  entry: ['src/index.ts', 'src/fake-agent.ts'],
  format: ['esm'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  target: 'node20',
  clean: true,
});
