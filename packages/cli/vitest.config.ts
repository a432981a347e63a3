import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The tests run the built binary against real tmux servers: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 30_000,
  },
});
