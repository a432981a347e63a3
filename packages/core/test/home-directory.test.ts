import { mkdtempSync, realpathSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exitCodeFor } from '../src/errors.js';
import { ensureHomeDirectory, findHomeProblem, homeError } from '../src/home-directory.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-home-')));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('findHomeProblem', () => {
  it.each(['/proc', '/proc/agentpool', '/proc/self/agentpool/home', '/sys/kernel/agentpool', '/dev/agentpool', '/dev/shm/agentpool'])(
    'refuses %s as a kernel file system',
    (home) => {
      const problem = findHomeProblem(home, { writable: true });
      expect(problem?.code).toBe('INVALID_HOME');
      expect(problem?.message).toContain(home);
      expect(problem?.hint).toContain('AGENTPOOL_HOME=');
      expect(exitCodeFor(problem)).toBe(2);
    },
  );

  it('refuses a home reached through a symlink into /proc', () => {
    symlinkSync('/proc', join(root, 'link'));
    expect(findHomeProblem(join(root, 'link', 'agentpool'), { writable: false })?.message).toContain('under /proc');
  });

  it('does not mistake /procfoo or /device for kernel folders', () => {
    expect(findHomeProblem('/procfoo-agentpool-never-created/home', { writable: false })).toBeNull();
    expect(findHomeProblem('/device-agentpool-never-created/home', { writable: false })).toBeNull();
  });

  it('names the file when the home is a file or sits under one', () => {
    const file = join(root, 'file');
    writeFileSync(file, '');
    expect(findHomeProblem(file, { writable: false })?.message).toBe(`The agentpool home ${file} is a file, not a folder.`);
    expect(findHomeProblem(join(file, 'a', 'b'), { writable: false })?.message).toContain(`: ${file} is a file, not a folder`);
  });

  it('accepts an existing folder and a path whose parents can be created', () => {
    expect(findHomeProblem(root, { writable: true })).toBeNull();
    expect(findHomeProblem(join(root, 'a', 'b', 'home'), { writable: true })).toBeNull();
  });
});

describe('homeError', () => {
  it.each([
    ['EROFS', 'HOME_NOT_WRITABLE', 'is on a read-only file system'],
    ['EACCES', 'HOME_NOT_WRITABLE', 'is not writable by this user'],
    ['EPERM', 'HOME_NOT_WRITABLE', 'is not writable by this user'],
    ['ENOSPC', 'HOME_NOT_WRITABLE', 'is full'],
    ['ENOTDIR', 'INVALID_HOME', 'is a file, not a folder'],
    ['EEXIST', 'INVALID_HOME', 'is a file, not a folder'],
  ])('%s becomes %s saying the path %s', (errno, code, text) => {
    const cause = Object.assign(new Error(`${errno}: raw text, mkdir '/x/home'`), { code: errno });
    const error = homeError('/x/home', cause, '/x');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^The agentpool home \/x\/home cannot be used: /);
    expect(error.message).toContain(`/x ${text}`);
    expect(error.message).not.toContain('raw text');
    expect(error.details).toMatchObject({ home: '/x/home', path: '/x', errno });
  });
});

describe('ensureHomeDirectory', () => {
  it('creates the home and its parents, private to the user', () => {
    const home = join(root, 'a', 'home');
    ensureHomeDirectory(home);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    ensureHomeDirectory(home);
  });

  it('creates nothing for a refused home', () => {
    const file = join(root, 'file');
    writeFileSync(file, 'x');
    expect(catchAgentPoolError(() => ensureHomeDirectory(join(file, 'home'))).code).toBe('INVALID_HOME');
  });
});
