import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, createPlainDir, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keysNotSnakeCase } from './json-keys.js';
import { type CliResult, runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
});
afterEach(() => temp.cleanup());

/** Every command that takes `--json`, read from the binary's own help ("leases acquire", "config path", …). */
async function commandsWithJson(env: Record<string, string>, group: readonly string[] = []): Promise<string[]> {
  const help = await runCli([...group, '--help'], env);
  const listed = help.stdout.split('Commands:')[1] ?? '';
  const found: string[] = [];
  for (const match of listed.matchAll(/^ {2}(\S+)( \[options\])?/gm)) {
    // An aliased command is listed as `usage-summary|capacity-summary`.
    const [, listedName = '', hasOptions] = match;
    const name = listedName.split('|')[0] ?? '';
    if (name === 'help') continue;
    if (hasOptions) found.push([...group, name].join(' '));
    else found.push(...(await commandsWithJson(env, [...group, name])));
  }
  return found;
}

interface Ran {
  readonly args: readonly string[];
  readonly result: CliResult;
}

describe('every --json output', () => {
  it('uses snake_case keys outside free-form maps, and usage errors carry details.example', async () => {
    const ran: Ran[] = [];
    const cli = async (args: readonly string[], options: { cwd?: string } = {}) => {
      const result = await runCli([...args, '--json'], temp.env, options);
      ran.push({ args, result });
      return result;
    };

    await cli(['init']);
    mkdirSync(temp.home, { recursive: true });
    // A provider id and env var names as keys: free-form maps that keep their spelling.
    writeFileSync(
      join(temp.home, 'config.yaml'),
      'policy:\n  allow_raw_keys: true\nproviders:\n  fake-question:\n    env:\n      FAKE_NOTE: hello\n',
    );
    await cli(['config', 'path']);
    await cli(['config', 'print']);
    await cli(['config', 'validate']);
    await cli(['doctor']);
    await cli(['inventory', '--include-test-providers']);
    await cli(['providers', '--include-test-providers']);

    const repo = createGitRepo();
    const spawned = await cli([
      'spawn',
      '--provider',
      'fake-question',
      '--task',
      'What is here?',
      '--repo',
      repo,
      '--isolation',
      'worktree',
    ]);
    expect(spawned.code).toBe(0);
    const id = String(spawned.json.session_id);
    await cli(['observe', id, '--wait-for', 'question', '--timeout', '20', '--detail', 'excerpt']);
    await cli(['send', id, 'Look at the README.']);
    expect((await cli(['observe', id, '--wait-for', 'completed', '--timeout', '20'])).json.state).toBe('completed');
    await cli(['keys', id, 'Enter']);
    await cli(['interrupt', id, '--dry-run']);
    await cli(['attach', id]);
    await cli(['transcript', id]);
    expect((await cli(['collect', id])).json.result_missing).toBe(false);
    await cli(['artifacts', id]);
    await cli(['session', 'show', id]);
    await cli(['sessions']);
    await cli(['terminate', id]);
    await cli(['worktrees', 'list']);
    await cli(['worktrees', 'cleanup', '--session-id', id, '--dry-run']);

    const folder = createPlainDir();
    const lease = await cli(['leases', 'acquire', 'src', '--mode', 'read', '--holder', 'a'], { cwd: folder });
    const conflict = await cli(['leases', 'acquire', 'src', '--mode', 'write', '--holder', 'b'], { cwd: folder });
    expect(conflict.json.error?.code).toBe('LEASE_CONFLICT');
    await cli(['leases', 'list', '--all']);
    await cli(['leases', 'release', String((lease.json.lease as { id: string }).id)]);
    await cli(['smoke', '--provider', 'fake-question', '--repo', folder]);
    await cli(['models', '--include-test-providers']);
    await cli(['models', 'validate', 'small', '--provider', 'claude-code']);
    await cli(['setup', 'all', '--include-test-providers']);
    const screen = join(folder, 'screen.txt');
    writeFileSync(screen, 'Working (3s · esc to interrupt)\n> \n');
    await cli(['classify', '--provider', 'fake-question', '--screen-file', screen, '--show-screen']);
    await cli(['usage', '--provider', 'fake-question']);
    await cli(['usage-summary', '--provider', 'fake-question', '--refresh']);
    await cli(['guard', '--provider', 'fake-question']);
    await cli(['stats', '--since', 'all']);
    await cli(['preferences', 'path']);
    await cli(['preferences', 'init']);
    await cli(['preferences', 'show']);
    await cli(['mcp-config', '--client', 'cursor']);
    await cli(['mcp-config', '--client', 'codex', '--install', '--dry-run']);
    await cli(['mcp-config', '--client', 'codex', '--install']);
    await cli(['mcp-config', '--client', 'codex', '--uninstall']);
    const team = createPlainDir();
    writeFileSync(join(team, 'auth-1.json'), '{}');
    await cli(['pool', 'where']);
    await cli(['pool', 'list']);
    await cli(['pool', 'pick', '--worker', 'coder-1', '--base', 'coder']);
    await cli(['pool', 'pick-auth', '--worker', 'coder-1', '--team-dir', team]);
    await cli(['pool', 'auth-current', '--team-dir', team]);
    await cli(['pool', 'auth-advance', '--team-dir', team]);
    await cli(['pool', 'release', '--worker', 'coder-1']);
    await cli(['pool', 'reset-state']);
    await cli(['pool', 'status', '--team-dir', team, '--timeout', '2']);
    await cli(['pool', 'status', '--provider', 'nope']);
    await cli(['pool', 'watch', '--once', '--team-dir', team, '--timeout', '2']);
    await cli(['pool', 'watch', '--once', '--threshold', '140']);
    await cli(['pool', 'pick-auth', '--worker', 'coder-2', '--team-dir', join(team, 'missing')]);
    await cli(['pool', 'auth-advance', '--team-dir', team, '--to-headroom']);
    await cli(['pool', 'accounts', 'add', '--provider', 'fake-question', '--label', 'json', '--auth-file', join(team, 'auth-1.json')]);
    await cli(['pool', 'accounts', 'add', '--provider', 'nope', '--label', 'x', '--auth-file', join(team, 'auth-1.json')]);
    await cli(['pool', 'accounts', 'list']);
    await cli(['pool', 'pause', 'json']);
    await cli(['pool', 'resume', 'json']);
    await cli(['spawn', '--account', 'nope', '--task', 'Do it.']);
    await cli(['pool', 'accounts', 'remove', 'json']);
    const teams = ['--team-name', 'json', '--team-root', join(createPlainDir(), 'teams')];
    await cli(['team', 'init', ...teams, '--goal', 'g', '--members', 'lead,impl-a,reviewer']);
    await cli(['team', 'add-task', ...teams, '--title', 'one']);
    await cli(['team', 'add-task', ...teams, '--title', 'two', '--depends-on', 'task-1']);
    await cli(['team', 'claim', ...teams, '--task-id', 'task-1', '--member', 'impl-a']);
    await cli(['team', 'next', ...teams, '--member', 'reviewer']);
    await cli(['team', 'update-task', ...teams, '--task-id', 'task-1', '--status', 'completed', '--note', 'ok']);
    await cli(['team', 'list-tasks', ...teams]);
    await cli(['team', 'message', ...teams, '--from', 'lead', '--to', 'impl-a', '--body', 'hi']);
    await cli(['team', 'broadcast', ...teams, '--from', 'lead', '--body', 'all']);
    await cli(['team', 'inbox', ...teams, '--member', 'impl-a', '--unread', '--mark-read']);
    await cli([
      'team',
      'start-debate',
      ...teams,
      '--topic',
      't',
      '--task-id',
      'task-2',
      '--options',
      'a-x,b',
      '--members',
      'lead,reviewer',
    ]);
    await cli(['team', 'add-position', ...teams, '--debate-id', 'debate-1', '--member', 'lead', '--option', 'a-x', '--rationale', 'r']);
    await cli(['team', 'add-position', ...teams, '--debate-id', 'debate-1', '--member', 'reviewer', '--option', 'b', '--rationale', 'r']);
    await cli(['team', 'orchestrate-debate', ...teams, '--debate-id', 'debate-1']);
    await cli(['team', 'decide-debate', ...teams, '--debate-id', 'debate-1']);
    await cli(['team', 'list-debates', ...teams]);
    await cli(['team', 'show-debate', ...teams, '--debate-id', 'debate-1']);
    await cli(['team', 'monitor-report', ...teams]);
    await cli(['team', 'export', ...teams, '--to', join(createPlainDir(), 'out')]);
    await cli(['team', 'import', ...teams]);
    await cli(['team', 'brief', '--team-name', 'json', '--goal', 'g']);
    await cli(['team', 'hooks', ...teams, '--hook', 'task_completed=exit 0']);
    await cli(['team', 'spawn-member', ...teams, '--member', 'impl-a', '--provider', 'fake-idle', '--repo', createPlainDir()]);
    await cli(['team', 'members', ...teams]);
    await cli(['team', 'deliver', ...teams, '--once']);

    // Errors: their details come from every layer (cli, core, store, sessions).
    await cli(['session', 'show', 'ses_doesnotexist']);
    await cli(['leases', 'release', 'lea_doesnotexist']);
    await cli(['spawn', '--provider', 'fake-questoin', '--task', 'Do it.']);
    await cli(['spawn', '--provider', 'fake-question', '--task', 'Do it.', '--isolation', 'sandbox']);
    await cli(['sessions', '--state', 'finished']);
    await cli(['transcript', id, '--offset', '99999999']);
    await cli(['worktrees', 'cleanup', '--session-id', id]);
    await cli(['smoke', '--provider', 'claude-code']);
    await cli(['models', 'validate', 'small', '--provider', 'fake-question']);
    await cli(['classify', '--provider', 'fake-question', '--screen-file', join(folder, 'no-such-screen.txt')]);
    writeFileSync(join(temp.home, 'config.yaml'), 'policy:\n  max_paralel: 2\n');
    await cli(['config', 'validate']);
    await cli(['guard', '--provider', 'fake-question', '--min-remaining', '101']);
    await cli(['guard', '--provider', 'fake-question', '--window', 'fortnight']);
    await cli(['stats', '--since', '7x']);
    await cli(['preferences', 'init']);
    await cli(['mcp-config', '--client', 'vscode']);
    await cli(['team', 'claim', ...teams, '--task-id', 'task-7', '--member', 'impl-a']);
    await cli(['team', 'claim', ...teams, '--task-id', 'task-2', '--member', 'impl-b']);
    await cli([
      'team',
      'add-position',
      ...teams,
      '--debate-id',
      'debate-1',
      '--member',
      'lead',
      '--option',
      'b',
      '--confidence',
      '2',
      '--rationale',
      'r',
    ]);
    // stdout is the MCP channel; --json shapes a start-up error (an unknown toolset).
    await cli(['mcp', '--toolsets', 'default,nope']);

    const covered = new Set(ran.flatMap(({ args }) => [1, 2, 3].map((words) => args.slice(0, words).join(' '))));
    const missing = (await commandsWithJson(temp.env)).filter((command) => !covered.has(command));
    expect(missing).toEqual([]);

    const problems = ran.flatMap(({ args, result }) => {
      const command = args.join(' ').slice(0, 80);
      if (!/^[{[]/.test(result.stdout)) return [`${command}: not JSON: ${result.stdout.slice(0, 80)}`];
      const keys = keysNotSnakeCase(result.json).map((key) => `${command}: key ${key}`);
      const example = result.code === 2 && typeof result.json.error?.details.example !== 'string' ? [`${command}: no details.example`] : [];
      return [...keys, ...example];
    });
    expect([...new Set(problems)]).toEqual([]);
    expect(ran.filter(({ result }) => result.json.error).length).toBeGreaterThanOrEqual(8);
  }, 300_000);
});
