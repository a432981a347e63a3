import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AccountHomeLayout } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrivateWorkerHome, removePrivateWorkerHome } from '../src/private-worker-home.js';

const LAYOUT: AccountHomeLayout = {
  homeVariable: 'CODEX_HOME',
  authFile: 'auth.json',
  skip: ['sessions', 'log', 'history.jsonl', '*.sqlite'],
};
let root: string;
let homes: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'worker-home-'));
  homes = join(root, 'agentpool', 'homes');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

function source(): string {
  const dir = join(root, 'source');
  mkdirSync(join(dir, 'sessions'), { recursive: true });
  mkdirSync(join(dir, 'skills', 'mine'), { recursive: true });
  writeFileSync(join(dir, 'config.toml'), 'model = "x"\n', { mode: 0o644 });
  writeFileSync(join(dir, 'skills', 'mine', 'SKILL.md'), 'skill\n');
  writeFileSync(join(dir, 'sessions', 'rollout.jsonl'), '{}\n');
  writeFileSync(join(dir, 'history.jsonl'), '{}\n');
  writeFileSync(join(dir, 'state_5.sqlite'), 'db');
  writeFileSync(join(dir, 'auth.json'), 'template login\n', { mode: 0o644 });
  return dir;
}

describe('a private worker home', () => {
  it('holds the source configuration, no per-run state, and the account login 0600 in a 0700 folder', () => {
    const login = join(root, 'work.json');
    writeFileSync(login, 'account login\n', { mode: 0o644 });
    const home = createPrivateWorkerHome(homes, 'ses_aaaaaaaaaaaa', LAYOUT, { label: 'work', sourceHome: source(), authFile: login });
    expect(readdirSync(home).sort()).toEqual(['auth.json', 'config.toml', 'skills']);
    expect(readFileSync(join(home, 'skills', 'mine', 'SKILL.md'), 'utf8')).toBe('skill\n');
    expect(readFileSync(join(home, 'auth.json'), 'utf8')).toBe('account login\n');
    expect(statSync(join(home, 'auth.json')).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(statSync(homes).mode & 0o777).toBe(0o700);
  });

  it("takes the source home's own login when the account has no auth file", () => {
    const home = createPrivateWorkerHome(homes, 'ses_bbbbbbbbbbbb', LAYOUT, { label: 'tmpl', sourceHome: source(), authFile: null });
    expect(readFileSync(join(home, 'auth.json'), 'utf8')).toBe('template login\n');
    expect(statSync(join(home, 'auth.json')).mode & 0o777).toBe(0o600);
  });

  it('leaves nothing behind when the login cannot be copied', () => {
    expect(() =>
      createPrivateWorkerHome(homes, 'ses_cccccccccccc', LAYOUT, { label: 'x', sourceHome: source(), authFile: join(root, 'gone.json') }),
    ).toThrow();
    expect(existsSync(join(homes, 'ses_cccccccccccc'))).toBe(false);
  });

  it('is removed, and a second removal finds nothing', () => {
    createPrivateWorkerHome(homes, 'ses_dddddddddddd', LAYOUT, { label: 'tmpl', sourceHome: source(), authFile: null });
    expect(removePrivateWorkerHome(homes, 'ses_dddddddddddd').status).toBe('removed');
    expect(existsSync(join(homes, 'ses_dddddddddddd'))).toBe(false);
    expect(removePrivateWorkerHome(homes, 'ses_dddddddddddd').status).toBe('absent');
  });

  it('is never removed through a symlink that points outside the homes folder', () => {
    const precious = join(root, 'precious');
    mkdirSync(precious);
    writeFileSync(join(precious, 'keep.txt'), 'keep\n');
    mkdirSync(homes, { recursive: true });
    symlinkSync(precious, join(homes, 'ses_eeeeeeeeeeee'));
    const removal = removePrivateWorkerHome(homes, 'ses_eeeeeeeeeeee');
    expect(removal.status).toBe('refused');
    expect(readFileSync(join(precious, 'keep.txt'), 'utf8')).toBe('keep\n');
  });
});
