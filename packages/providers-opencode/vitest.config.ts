import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration tests drive the real CLI in tmux against the model imitation.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
