import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

it('preferences: path, show before and after init, init refuses to replace, --force keeps a backup, secrets redacted', async () => {
  const path = join(temp.home, 'preferences.md');
  expect((await runCli(['preferences', 'path', '--json'], temp.env)).json.path).toBe(path);
  const none = await runCli(['preferences', 'show', '--json'], temp.env);
  expect(none.json).toMatchObject({ exists: false, text: null });
  expect((await runCli(['preferences', 'show'], temp.env)).stdout).toContain('agentpool preferences init');

  expect((await runCli(['preferences', 'init', '--json'], temp.env)).json).toMatchObject({ path, created: true });
  expect((await runCli(['preferences', 'show'], temp.env)).stdout).toContain('# Delegation preferences');

  writeFileSync(path, '# Mine\nReviews on claude-code. Token: ghp_abcdefghijklmnopqrstuvwxyz0123456789\n');
  const refused = await runCli(['preferences', 'init', '--json'], temp.env);
  expect(refused.code).toBe(1);
  expect(refused.json.error?.code).toBe('CONFIG_EXISTS');
  expect(readFileSync(path, 'utf8')).toContain('# Mine');
  const shown = (await runCli(['preferences', 'show'], temp.env)).stdout;
  expect(shown).toContain('Reviews on claude-code.');
  expect(shown).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');

  const forced = await runCli(['preferences', 'init', '--force', '--json'], temp.env);
  expect(forced.json.created).toBe(false);
  expect(existsSync(String(forced.json.backup_path))).toBe(true);
  expect(readdirSync(temp.home).filter((name) => name.startsWith('preferences.md.bak-'))).toHaveLength(1);
});
