import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normaliseResource, validateLeaseHolder } from '../src/leases.js';

let root: string;
beforeEach(() => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-lease-')));
  mkdirSync(join(root, 'a', 'b', 'real'), { recursive: true });
  writeFileSync(join(root, 'a', 'b', 'real', 'file.ts'), '');
  symlinkSync(join(root, 'a', 'b', 'real'), join(root, 'link'));
  symlinkSync(join(root, 'a', 'b', 'real', 'file.ts'), join(root, 'file-link.ts'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('normaliseResource', () => {
  it.each([
    ['a symlinked folder', 'link', 'a/b/real'],
    ['a trailing slash', 'link/', 'a/b/real'],
    ['a file under a symlinked folder', 'link/file.ts', 'a/b/real/file.ts'],
    ['a file not created yet under a symlinked folder', 'link/new/deeper.ts', 'a/b/real/new/deeper.ts'],
    ['a symlink to a file', 'file-link.ts', 'a/b/real/file.ts'],
    ['.. after a symlink, as the kernel resolves it', 'link/../real/file.ts', 'a/b/real/file.ts'],
    ['a plain missing path', 'nowhere/x.ts', 'nowhere/x.ts'],
  ])('resolves %s to the real path', (_name, path, expected) => {
    expect(normaliseResource(path, root)).toBe(join(root, expected));
  });

  it('keeps the root as /', () => {
    expect(normaliseResource('/', root)).toBe('/');
  });
});

describe('validateLeaseHolder', () => {
  it('accepts a session id or a short name, trimmed', () => {
    expect(validateLeaseHolder('  ses_abcdefgh1234 ')).toBe('ses_abcdefgh1234');
    expect(validateLeaseHolder('h'.repeat(200))).toHaveLength(200);
  });

  it.each(['', ' \t ', 'h'.repeat(201), 'a\u0000b', 'a\u001b[2Jb', 'two\nlines'])('refuses %j', (holder) => {
    expect(() => validateLeaseHolder(holder)).toThrow(expect.objectContaining({ code: 'INVALID_REQUEST' }));
  });
});
