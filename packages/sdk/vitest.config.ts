import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The real agent CLIs run here against the model imitation, one tmux server each; on a loaded CI
  // machine a start-up can outlast its bound. One retry, reported by vitest as a flaky pass, keeps
  // such a stall from failing the run; a defect fails both tries.
  test: { fileParallelism: false, testTimeout: 60_000, hookTimeout: 30_000, retry: 1 },
});
