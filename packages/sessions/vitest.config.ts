import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real tmux servers and worker processes: run files one at a time on a 2-core machine.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
