import { readFileSync } from 'node:fs';
import { defineConfig } from 'tsup';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')) as { version: string };

export default defineConfig({
  // bin.ts answers --version without loading anything; main.ts is a separate chunk loaded on demand.
  // The token-log scan workers sit next to the chunks that name them (`scanWorker` URLs are
  // relative to the module holding the format), so they are entries of their own.
  entry: {
    bin: 'src/bin.ts',
    cap: 'src/cap-bin.ts',
    index: 'src/index.ts',
    'claude-token-log-worker': '../providers-claude-code/dist/claude-token-log-worker.js',
    'codex-token-log-worker': '../providers-codex/dist/codex-token-log-worker.js',
  },
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  target: 'node20',
  clean: true,
  splitting: true,
  minify: true,
  // One file set to start fast: workspace packages and libraries are bundled (the terminal emulator
  // in a chunk of its own, loaded only when a stream is rendered). better-sqlite3
  // is native; every provider package but providers-fake is bundled; providers-fake ships the fake-agent program it points at.
  noExternal: [
    /^@agentpool\/(core|store|tmux-runtime|sessions|sdk|mcp|mcp-config|usage|account-pool|teams|providers-(?!fake$)[a-z-]+)$/,
    /^@modelcontextprotocol\/sdk(\/.*)?$/,
    '@xterm/headless',
    'commander',
    'kysely',
    'zod',
    'js-yaml',
  ],
  external: ['better-sqlite3', '@agentpool/providers-fake'],
  define: { AGENTPOOL_VERSION: JSON.stringify(version) },
  // The memory reducer would wake an idle `observe` for full GCs of a heap of a few MB; off, a
  // waiting observer uses no CPU (bench/ measures it). A 1 MB young generation keeps an observer
  // that follows a chatty worker for minutes from growing its heap (RSS ~100 → ~75 MB, same CPU;
  // set at run time it has no effect, and it costs start-up ~5 ms). commander is CommonJS: give the
  // ESM bundle a require for Node's built-ins.
  banner: {
    js: "#!/usr/bin/env -S node --no-memory-reducer --max-semi-space-size=1\nimport { createRequire as __agentpoolCreateRequire } from 'node:module';\nconst require = __agentpoolCreateRequire(import.meta.url);",
  },
});
