import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createGitRepo, createTempHome, git } from '../src/index.js';

it('a temp home never points at the real home and is removed by cleanup', () => {
  const temp = createTempHome();
  expect(temp.home.startsWith(homedir())).toBe(false);
  expect(temp.env.AGENTPOOL_HOME).toBe(temp.home);
  expect(temp.env.HOME).not.toBe(process.env.HOME);
  expect(temp.tmuxSocket).toBe(join(temp.home, 'tmux.sock'));
  expect(Buffer.byteLength(temp.tmuxSocket)).toBeLessThan(100);
  temp.cleanup();
  expect(existsSync(temp.home)).toBe(false);
});

it('a git repo has one commit with the given files and a clean tree', () => {
  const repo = createGitRepo({ 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
  expect(git(repo, ['rev-list', '--count', 'HEAD'])).toBe('1');
  expect(git(repo, ['ls-files'])).toBe('a.txt\ndir/b.txt');
  expect(git(repo, ['status', '--porcelain'])).toBe('');
});
