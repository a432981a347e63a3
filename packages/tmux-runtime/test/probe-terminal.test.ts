import { describe, expect, it } from 'vitest';
import { createProbeTerminal } from '../src/probe-terminal.js';
import { findMarkedProcesses } from '../src/process-sweep.js';

const waitFor = async (test: () => Promise<boolean>, timeoutMs = 10_000) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await test()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return false;
};

// A program that draws a prompt, echoes one line typed into it, and leaves a detached child behind.
const PROGRAM = `printf 'ready> '; read line; printf '\\033[2J\\033[Hgot [%s] TERM=%s CI=%s\\nmarker %s\\n' "$line" "$TERM" "\${CI:-unset}" "$AGENTPOOL_SESSION_ID"; setsid sleep 60 >/dev/null 2>&1 & sleep 60`;

describe('probe terminal', () => {
  it('runs a program on a private tmux server, renders its screen, types into it, and leaves nothing running after close', async () => {
    const terminal = createProbeTerminal();
    let marker = '';
    const session = await terminal.open({
      argv: ['/bin/sh', '-c', PROGRAM],
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', CI: 'true', TERM: 'dumb' },
      cwd: '/',
      cols: 80,
      rows: 10,
      maxRuntimeSeconds: 30,
    });
    try {
      expect(await waitFor(async () => (await session.screen()).some((line) => line.startsWith('ready>')))).toBe(true);
      await session.type('hello; world');
      await session.keys(['Enter']);
      expect(await waitFor(async () => (await session.screen()).some((line) => line.startsWith('got')))).toBe(true);
      const line = (await session.screen()).find((text) => text.startsWith('got'));
      // Typed literally; the caller's CI marker and terminal type are not the probe's (tmux sets its own TERM).
      expect(line).toMatch(/^got \[hello; world\] TERM=(tmux|screen)\S* CI=unset$/);
      expect(session.exited()).toBe(false);
      marker = (await session.screen()).find((text) => text.startsWith('marker '))?.slice('marker '.length) ?? '';
      expect(marker).toMatch(/^probe-[0-9a-f]{16}$/);
      expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', marker).length).toBeGreaterThanOrEqual(2);
    } finally {
      await session.close();
    }
    expect(session.exited()).toBe(true);
    // The program and the sleeper it detached carried the terminal's marker: both are gone.
    expect(findMarkedProcesses('AGENTPOOL_SESSION_ID', marker)).toEqual([]);
  });
});
