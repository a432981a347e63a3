import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  mkdirSync(temp.home, { recursive: true });
});
afterEach(() => temp.cleanup());

const API_KEY = 'sk-proj-abcdefghijklmnopqrstuvwx';
const PLAIN_VALUE = 'not-a-pattern-but-still-private';

function writeConfigWithSecrets(): string {
  const path = join(temp.home, 'config.yaml');
  writeFileSync(
    path,
    [
      'providers:',
      '  fake-completed:',
      '    env:',
      `      OPENAI_API_KEY: ${API_KEY}`,
      `      TEAM_SETTING: ${PLAIN_VALUE}`,
      `    extra_args: ["--api-key=${API_KEY}", "--verbose"]`,
      '',
    ].join('\n'),
  );
  return path;
}

/** The database and its write-ahead log, as bytes on disk. */
function databaseBytes(): string {
  return ['agentpool.sqlite', 'agentpool.sqlite-wal']
    .map((name) => {
      try {
        return readFileSync(join(temp.home, name)).toString('latin1');
      } catch {
        return '';
      }
    })
    .join('');
}

describe('secrets never leave config.yaml or reach the store', () => {
  it('config print shows provider env keys with every value redacted, in JSON and for people', async () => {
    writeConfigWithSecrets();
    const json = await runCli(['config', 'print', '--json'], temp.env);
    expect(json.code).toBe(0);
    const providers = (json.json.config as { providers: Record<string, { env: Record<string, string>; extra_args: string[] }> }).providers;
    expect(providers['fake-completed']?.env).toEqual({ OPENAI_API_KEY: '[REDACTED]', TEAM_SETTING: '[REDACTED]' });
    expect(providers['fake-completed']?.extra_args).toEqual(['--api-key=[REDACTED]', '--verbose']);
    const human = await runCli(['config', 'print'], temp.env);
    expect(human.stdout).toContain('OPENAI_API_KEY');
    expect(human.stdout).toContain('[REDACTED]');
    for (const output of [json.stdout, human.stdout]) {
      expect(output).not.toContain(API_KEY);
      expect(output).not.toContain(PLAIN_VALUE);
    }
  });

  it('doctor --privacy scans config.yaml and reports the kind of secret, never the secret', async () => {
    const path = writeConfigWithSecrets();
    const report = await runCli(['doctor', '--privacy', '--json'], temp.env);
    const checks = report.json.checks as { name: string; status: string }[];
    expect(checks.find((check) => check.name === 'privacy_secrets')?.status).toBe('warn');
    const findings = (report.json.privacy as { secret_findings: { path: string; kinds: string[] }[] }).secret_findings;
    expect(findings.find((finding) => finding.path === path)?.kinds).toContain('openai_anthropic_key');
    const human = await runCli(['doctor', '--privacy'], temp.env);
    expect(human.stdout).toContain(path);
    expect(`${report.stdout}${human.stdout}${human.stderr}`).not.toContain(API_KEY);
  });

  it('a lease holder that looks like a secret is stored and printed redacted', async () => {
    const holder = `deploy token=${'Z'.repeat(24)}`;
    const acquired = await runCli(['leases', 'acquire', 'src', '--holder', holder, '--json'], temp.env, { cwd: temp.home });
    expect(acquired.code).toBe(0);
    expect((acquired.json.lease as { holder: string }).holder).toBe('deploy token=[REDACTED]');
    const list = await runCli(['leases', 'list'], temp.env);
    expect(list.stdout).toContain('token=[REDACTED]');
    expect(`${acquired.stdout}${list.stdout}`).not.toContain('Z'.repeat(24));
    expect(databaseBytes()).not.toContain('Z'.repeat(24));
  });

  it("a session's repo path that looks like a secret is stored redacted", async () => {
    const repo = join(temp.home, `ghp_${'a1'.repeat(15)}`);
    mkdirSync(repo);
    const spawned = await runCli(['spawn', '--provider', 'fake-completed', '--task', 'Look around.', '--repo', repo, '--json'], temp.env);
    expect(spawned.code).toBe(0);
    const list = await runCli(['sessions', '--json'], temp.env);
    const [session] = list.json.sessions as { repo_path: string }[];
    expect(session?.repo_path).toBe(join(temp.home, '[REDACTED]'));
  });
});
