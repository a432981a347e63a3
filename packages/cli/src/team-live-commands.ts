import { AgentPoolError, ISOLATIONS, type Isolation } from '@agentpool/core';
import type { DeliveryPass } from '@agentpool/sdk';
import { checkHookEvent, HOOK_EVENTS, parseHookAssignment, TEAM_ROLES, type TeamAddress } from '@agentpool/teams';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseSeconds } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { addressOf, output, withTeamOptions } from './team-commands.js';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/**
 * After `team message` / `broadcast`: types the message into its recipients' panes now when they are
 * between turns (the rest wait for `team deliver`). A failed attempt is a warning; the message is sent.
 */
export async function attemptDelivery<T extends { message: string; warnings: string[] }>(
  run: CliRun,
  sent: T,
  address: TeamAddress,
  recipients: readonly string[] | null,
): Promise<T & { delivery: DeliveryPass['members'] | null }> {
  try {
    const pass = await (await run.agentPool())
      .liveTeams()
      .then((live) => live.deliver(address, { ...(recipients ? { members: recipients } : {}), idle: false }));
    const live = pass.members.filter((member) => member.session_id !== null);
    return { ...sent, warnings: [...sent.warnings, ...pass.warnings], delivery: live };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { ...sent, warnings: [...sent.warnings, `The message was sent; typing it into panes failed: ${reason}`], delivery: null };
  }
}

/** `team spawn-member`, `team members`, `team deliver`, `team hooks`: live members of a team. */
export function registerTeamLiveCommands(team: Command, run: CliRun): void {
  const live = async () => (await run.agentPool()).liveTeams();

  defineAction(
    withTeamOptions(
      team
        .command('spawn-member')
        .description("start a worker for a member: its prompt carries its role, the team's goal and the board's commands"),
    )
      .requiredOption('--member <member>', 'a registered member, e.g. implementer-a')
      .option('--provider <id>', 'the provider to run it with, e.g. codex-cli, claude-code (may be left out with --account or --pool)')
      .option('--account <label>', "run it on this pool account, in a private copy of the account's home (agentpool pool accounts list)")
      .option('--pool <name>', 'run it on an account picked from this pool (a pool name or a provider id)')
      .option('--allow-low-usage', "spawn even when the provider's (or account's) cached usage is at or below the buffer")
      .option('--role <role>', `${TEAM_ROLES.join(' | ')} (default: what the member id names)`)
      .option('--model <model>', "the provider's model")
      .option('--repo <path>', 'the folder the worker works in (default: the current folder)')
      .option('--isolation <mode>', 'read_only | shared | worktree (default: policy.default_isolation)')
      .option('--delegate', 'delegate mode (the lead): its worker gets no edit tools where its CLI allows (read_only isolation)')
      .option('--board <via>', 'how the member uses the board: cli (agentpool team … commands) or mcp (the MCP teams toolset)', 'cli')
      .option('--board-command <command>', 'with --board cli: how the member runs agentpool (default: agentpool)')
      .option('--accept-startup-trust', "answer the worker's trust-this-folder prompt for its folder"),
    run,
    async (_args, options) => {
      const isolation = oneOf(str(options.isolation), ISOLATIONS, '--isolation', 'agentpool team spawn-member … --isolation worktree') as
        | Isolation
        | undefined;
      const board = oneOf(str(options.board), ['cli', 'mcp'] as const, '--board', 'agentpool team spawn-member … --board mcp');
      const result = await (await live()).spawnMember({
        team: addressOf(options, run),
        member: str(options.member) ?? '',
        provider: str(options.provider),
        account: str(options.account),
        pool: str(options.pool),
        allowLowUsage: options.allowLowUsage === true,
        role: str(options.role),
        model: str(options.model),
        repo: str(options.repo),
        isolation,
        delegate: options.delegate === true,
        board,
        boardCommand: str(options.boardCommand),
        acceptStartupTrust: options.acceptStartupTrust === true,
      });
      return output(result, options);
    },
  );

  defineAction(
    withTeamOptions(
      team.command('members').description("the team's members, each with its worker's live state and the messages waiting for it"),
    ),
    run,
    async (_args, options) => output(await (await live()).members(addressOf(options, run)), options),
  );

  defineAction(
    withTeamOptions(
      team
        .command('deliver')
        .description(
          "type waiting messages into live members' panes between turns (never mid-turn), tell the lead when a member goes idle, run teammate_idle; loops until stopped unless --once",
        ),
    )
      .option('--once', 'one pass, then exit')
      .option('--interval <seconds>', 'seconds between passes', '1'),
    run,
    async (_args, options) => {
      const address = addressOf(options, run);
      const liveTeams = await live();
      if (options.once === true) return output(await liveTeams.deliver(address), options);
      const intervalSeconds = parseSeconds(str(options.interval), '--interval') ?? 1;
      if (intervalSeconds <= 0) {
        throw new AgentPoolError('INVALID_TIMEOUT', '--interval must be more than 0 seconds.', {
          hint: 'agentpool team deliver … --interval 1',
        });
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let passes = 0;
      let delivered = 0;
      try {
        await liveTeams.run(address, {
          intervalMs: Math.round(intervalSeconds * 1000),
          signal: stop.signal,
          onPass(pass) {
            passes += 1;
            // Only what happened: a line per pass that delivered, noticed an idle member or failed (JSON Lines with --json).
            const events = pass.members.filter((m) => m.outcome !== 'waiting' && m.outcome !== 'none');
            delivered += events.reduce((sum, m) => sum + m.delivered.length, 0);
            if (events.length === 0 && pass.warnings.length === 0) return;
            const value = { at: new Date().toISOString(), members: events, warnings: pass.warnings };
            process.stdout.write(
              options.json === true
                ? `${JSON.stringify(value)}\n`
                : `${events.map((m) => `${m.member}: ${m.outcome}${m.delivered.length > 0 ? ` ${m.delivered.join(',')}` : ''}`).join('\n')}\n`,
            );
          },
          onError(error) {
            const reason = error instanceof Error ? error.message : String(error);
            process.stderr.write(`agentpool team deliver: a pass failed: ${reason}\n`);
          },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const value = { stopped: true, passes, delivered };
      const text = `stopped after ${passes} pass(es), ${delivered} message(s) delivered`;
      process.stdout.write(options.json === true ? `${JSON.stringify(value)}\n` : `${text}\n`);
      return { value, human: () => text, printed: true };
    },
  );

  defineAction(
    withTeamOptions(
      team
        .command('hooks')
        .description(
          `show or set the team's hooks (${HOOK_EVENTS.join(', ')}): commands run with the event's JSON on stdin; exit 2 blocks the completion or keeps the member working`,
        ),
    )
      .option('--hook <event=command>', 'set a hook (repeatable)', collect)
      .option('--unset-hook <event>', 'remove a hook (repeatable)', collect),
    run,
    async (_args, options) => {
      const board = await (await run.agentPool()).teams();
      const address = addressOf(options, run);
      const sets = ((options.hook as string[] | undefined) ?? []).map(parseHookAssignment);
      const unsets = ((options.unsetHook as string[] | undefined) ?? []).map(checkHookEvent);
      if (sets.length === 0 && unsets.length === 0) return output(await board.hooks(address), options);
      const current = (await board.hooks(address)).hooks;
      const next: Record<string, string> = { ...current };
      for (const event of unsets) delete next[event];
      for (const [event, command] of sets) next[event] = command;
      return output(await board.setHooks(address, next), options);
    },
  );
}
