import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { geminiProvider } from '../src/index.js';

let root = '';
let bin = '';
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'ap-gemini-detect-'));
  // An npm install as the CLI's own: node_modules/.bin/gemini → @google/gemini-cli/bundle/gemini.js.
  const pkg = join(root, 'node_modules', '@google', 'gemini-cli');
  mkdirSync(join(pkg, 'bundle'), { recursive: true });
  writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '@google/gemini-cli', version: '0.61.0' }));
  writeFileSync(join(pkg, 'bundle', 'gemini.js'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(pkg, 'bundle', 'gemini.js'), 0o755);
  bin = join(root, 'node_modules', '.bin');
  mkdirSync(bin);
  symlinkSync(join(pkg, 'bundle', 'gemini.js'), join(bin, 'gemini'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const context = (env: Record<string, string>, extra: Partial<ProviderContext> = {}): ProviderContext => ({
  env: { PATH: bin, HOME: join(root, 'home'), ...env },
  home: root,
  settings: {},
  ...extra,
});

describe('gemini-cli detect', () => {
  it('finds the binary on PATH and reads the version from its package, without running it', async () => {
    const found = await geminiProvider.detect(context({}));
    expect(found).toMatchObject({ binaryPath: join(bin, 'gemini'), version: '0.61.0' });
  });

  it('is unauthenticated with no key, no Vertex AI settings and no signed-in account', async () => {
    expect((await geminiProvider.detect(context({})))?.auth).toMatchObject({ status: 'unauthenticated', confidence: 'local_cli' });
  });

  it('is authenticated by GEMINI_API_KEY in the environment, or in ~/.gemini/.env (the value never read out)', async () => {
    expect((await geminiProvider.detect(context({ GEMINI_API_KEY: 'k' })))?.auth).toMatchObject({ status: 'authenticated' });
    mkdirSync(join(root, 'home', '.gemini'), { recursive: true });
    writeFileSync(join(root, 'home', '.gemini', '.env'), 'export GEMINI_API_KEY=secret-value\n');
    const auth = (await geminiProvider.detect(context({})))?.auth;
    expect(auth).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
    expect(JSON.stringify(auth)).not.toContain('secret-value');
  });

  it('reads the account’s home: a signed-in Google account there counts', async () => {
    const account = join(root, 'account');
    mkdirSync(join(account, '.gemini'), { recursive: true });
    writeFileSync(join(account, '.gemini', 'oauth_creds.json'), '{}');
    const found = await geminiProvider.detect(context({}, { account: { id: 'a', home: account, env: {} } }));
    expect(found?.auth).toMatchObject({ status: 'authenticated', confidence: 'local_cli' });
    expect(found?.auth.reason).toContain(join(account, '.gemini', 'oauth_creds.json'));
  });
});
