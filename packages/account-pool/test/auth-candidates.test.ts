import { mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listAuthCandidates } from '../src/auth-candidates.js';

describe('listAuthCandidates', () => {
  let dir: string;
  beforeEach(() => {
    dir = realpathSync(mkdtempSync(join(tmpdir(), 'agentpool-team-')));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const touch = (...names: string[]) => {
    for (const name of names) writeFileSync(join(dir, name), '{}');
  };

  it('lists regular files matching the glob, sorted by path, without locks, temp files and .DS_Store', () => {
    touch('b.json', 'a.json', 'a.json.lock', 'c.tmp', '.DS_Store', '.hidden.json');
    mkdirSync(join(dir, 'sub.json'));
    expect(listAuthCandidates(dir, '*')).toEqual([join(dir, '.hidden.json'), join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(listAuthCandidates(dir, '[ab].json')).toEqual([join(dir, 'a.json'), join(dir, 'b.json')]);
    expect(listAuthCandidates(dir, '?.json')).toEqual([join(dir, 'a.json'), join(dir, 'b.json')]);
  });

  it('counts a symlink to a file, not a dangling one', () => {
    touch('real.json');
    symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
    symlinkSync(join(dir, 'missing.json'), join(dir, 'dangling.json'));
    expect(listAuthCandidates(dir, '*.json')).toEqual([join(dir, 'link.json'), join(dir, 'real.json')]);
  });

  it('says which folder is missing', () => {
    expect(() => listAuthCandidates(join(dir, 'nope'), '*')).toThrow(
      expect.objectContaining({ code: 'AUTH_TEAM_NOT_FOUND', message: expect.stringContaining(join(dir, 'nope')) }),
    );
  });

  it('says when nothing matches, naming folder and glob', () => {
    touch('x.lock');
    expect(() => listAuthCandidates(dir, '*')).toThrow(
      expect.objectContaining({ code: 'AUTH_TEAM_EMPTY', details: { team_dir: dir, glob: '*' } }),
    );
  });
});
