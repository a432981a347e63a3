import { launchRequest } from '@agentpool/provider-test-kit';
import { describe, expect, it } from 'vitest';
import { claudeCodeProvider, parseClaudeStatusLine } from '../src/index.js';

describe('claude-code launch', () => {
  it('pastes the task by default, and read_only is Claude’s own plan mode', () => {
    const spec = claudeCodeProvider.launch(launchRequest());
    expect(spec.promptMode).toBe('send_after_launch');
    expect(spec.argv).toEqual(['claude', '--permission-mode', 'plan']);
    expect(spec.argv.join(' ')).not.toContain('Inspect the repo.');
    expect(spec.isolationEnforcement).toBe('provider_flag');
    expect(spec.env.DISABLE_AUTOUPDATER).toBe('1');
  });

  it('passes the model, the prompt as its own argument in arg mode, and the account’s config folder', () => {
    const spec = claudeCodeProvider.launch(
      launchRequest({
        promptMode: 'arg',
        isolation: 'worktree',
        model: 'opus',
        context: { env: {}, home: '/h', settings: {}, account: { id: 'work', home: '/accounts/work', env: {} } },
      }),
    );
    expect(spec.argv).toEqual(['claude', '--model', 'opus', 'Inspect the repo.']);
    expect(spec.env.CLAUDE_CONFIG_DIR).toBe('/accounts/work');
  });

  it('passes --effort, takes any model name, and lists its aliases with opus as the default', async () => {
    const spec = claudeCodeProvider.launch(launchRequest({ isolation: 'shared', model: 'claude-sonnet-5', reasoningEffort: 'max' }));
    expect(spec.argv).toEqual(['claude', '--model', 'claude-sonnet-5', '--effort', 'max']);
    expect(claudeCodeProvider.capabilities.anyModel).toBe(true);
    expect(claudeCodeProvider.capabilities.reasoningEfforts).toEqual(['low', 'medium', 'high', 'xhigh', 'max']);
    expect(claudeCodeProvider.capabilities.serviceTiers).toBeUndefined();
    const models = (await claudeCodeProvider.models?.({ env: {}, home: '/h', settings: {} })) ?? [];
    expect(models.filter((model) => model.isDefault).map((model) => model.id)).toEqual(['opus']);
    expect(models.map((model) => model.id)).toEqual(expect.arrayContaining(['sonnet', 'haiku', 'fable']));
  });

  it('lets a worktree worker write the main repository’s git folder, the prompt still its own argument', () => {
    const spec = claudeCodeProvider.launch(
      launchRequest({
        isolation: 'worktree',
        promptMode: 'arg',
        cwd: '/wt/a',
        gitCommonDir: '/repo/.git',
        worktreeGitDir: '/repo/.git/worktrees/a',
      }),
    );
    expect(spec.argv).toEqual(['claude', '--add-dir=/repo/.git', '--add-dir=/repo/.git/worktrees/a', 'Inspect the repo.']);
    expect(claudeCodeProvider.launch(launchRequest({ isolation: 'shared', gitCommonDir: '/repo/.git' })).argv).toEqual(['claude']);
  });

  it('configures hooks for this worker only, through a --settings file in the session folder', () => {
    // A recorder whose argv holds single quotes: the hook commands must shell-quote them.
    const signals = claudeCodeProvider.signals?.(
      launchRequest({ signalRecorder: { dir: '/a/ses_launch000001/signals', argv: ['/usr/bin/node', '-e', "record('x')", '--'] } }),
    );
    expect(signals?.args).toEqual(['--settings', '/a/ses_launch000001/claude-settings.json']);
    const settings = JSON.parse(signals?.files[0]?.content ?? '{}') as { hooks: Record<string, { hooks: { command: string }[] }[]> };
    expect(Object.keys(settings.hooks)).toEqual(['UserPromptSubmit', 'PostToolUse', 'Stop', 'StopFailure', 'Notification', 'SessionEnd']);
    // The recorder's argv, shell-quoted, then the file it appends to.
    expect(settings.hooks.Stop?.[0]?.hooks[0]?.command).toBe(
      "'/usr/bin/node' '-e' 'record('\\''x'\\'')' '--' '/a/ses_launch000001/signals/claude-hooks.jsonl'",
    );
    expect(signals?.sources).toEqual([
      { name: 'hooks', kind: 'file', path: '/a/ses_launch000001/signals/claude-hooks.jsonl' },
      { name: 'statusline', kind: 'file', path: '/a/ses_launch000001/signals/claude-statusline.jsonl' },
    ]);
    const withStatus = JSON.parse(signals?.files[0]?.content ?? '{}') as { statusLine?: { type: string; command: string } };
    expect(withStatus.statusLine?.type).toBe('command');
    expect(withStatus.statusLine?.command.endsWith("'/a/ses_launch000001/signals/claude-statusline.jsonl'")).toBe(true);
  });

  it('reads rate_limits from a statusLine record, and statusline records are no turn signal', () => {
    const payload = JSON.stringify({
      session_id: 's',
      rate_limits: {
        five_hour: { used_percentage: 42.5, resets_at: 1796112000 },
        seven_day: { used_percentage: 7, resets_at: 1796500000 },
      },
    });
    expect(parseClaudeStatusLine(payload)).toEqual({
      fiveHour: { usedPercent: 42.5, resetsAt: new Date(1796112000 * 1000).toISOString() },
      sevenDay: { usedPercent: 7, resetsAt: new Date(1796500000 * 1000).toISOString() },
    });
    expect(parseClaudeStatusLine(JSON.stringify({ session_id: 's', model: { id: 'claude-opus-4-8' } }))).toBeNull();
    expect(parseClaudeStatusLine('not json')).toBeNull();
    expect(claudeCodeProvider.parseSignal?.({ source: 'statusline', payload, at: 1 } as never)).toBeNull();
  });
});
