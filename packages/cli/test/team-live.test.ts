import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { shellQuote } from '@agentpool/teams';
import {
  createGitRepo,
  createTempHome,
  type ModelImitation,
  prepareClaudeHome,
  processesWithEnv,
  REAL_CLI_VERSIONS,
  realCliBinary,
  realCliBinDir,
  realClisRequired,
  resultBlock,
  startModelImitation,
  type TempHome,
  waitUntil,
} from '@agentpool/test-utils';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

/**
 * The check of issue 10 item 4: a live team — three fake workers (real programs in real tmux panes
 * that run the `$ ` lines of what they are sent, as an agent runs its shell tool) and the real Claude
 * Code against the model imitation on 127.0.0.1 (whose replies run the `$ ` lines it is sent through
 * Claude's own Bash tool) — completes a three-task plan with a debate. Every instruction reaches a
 * member as a board message typed into its pane by `agentpool team deliver` between its turns; a
 * message sent while a member works waits for its turn to end. Skips without Claude Code installed,
 * unless AGENTPOOL_REQUIRE_REAL_CLIS=1.
 */

const claude = realCliBinary('claude-code');
const run = claude || realClisRequired() ? it : it.skip;
const TEAM = 'live';
const AGENTPOOL = `${shellQuote(process.execPath)} ${shellQuote(BIN)}`;

let temp: TempHome | null = null;
let imitation: ModelImitation | null = null;
let deliverer: ChildProcess | null = null;
let cliHome: string | null = null;
let env: Record<string, string> = {};

afterEach(async () => {
  deliverer?.kill('SIGTERM');
  deliverer = null;
  if (temp) {
    const list = await runCli(['sessions', '--live', '--json'], env);
    for (const session of (list.json.sessions as { id: string }[] | undefined) ?? []) await runCli(['terminate', session.id], env);
  }
  await imitation?.close();
  imitation = null;
  if (cliHome) for (const pid of processesWithEnv('HOME', cliHome)) process.kill(pid, 'SIGKILL');
  cliHome = null;
  temp?.cleanup();
  temp = null;
});

/** Claude's side of the imitation: run the `$ ` lines of the last message through Bash, then report. */
function claudeReply(request: { hasTools: boolean; hasToolResult: boolean; lastUserText: string }) {
  if (!request.hasTools) return { text: 'Team work' };
  if (request.hasToolResult) return { text: `Ran the board commands.\n\n${resultBlock('ran the board commands', 'see the board')}` };
  const commands = request.lastUserText
    .split('\n')
    .filter((line) => line.startsWith('$ '))
    .map((line) => line.slice(2).trim());
  if (commands.length > 0) {
    return { toolCall: { name: 'Bash', input: { command: commands.join(' && '), description: 'Run the team board commands' } } };
  }
  return { text: `Noted.\n\n${resultBlock('read the message', 'nothing to run')}` };
}

describe('a live team of three fake workers and the real Claude Code', () => {
  run(
    `completes a three-task plan with a debate; messages reach panes only between turns (${REAL_CLI_VERSIONS['claude-code'].package}@${REAL_CLI_VERSIONS['claude-code'].version})`,
    async () => {
      expect(claude, 'Claude Code is not installed: run scripts/install-real-clis.sh').not.toBeNull();
      imitation = await startModelImitation({ reply: claudeReply });
      temp = createTempHome('ap-live-');
      mkdirSync(temp.home, { recursive: true });
      const repo = createGitRepo({ 'README.md': 'hello\n' });
      cliHome = join(temp.home, '..', 'cli-home');
      const claudeEnv = prepareClaudeHome(cliHome, imitation.url, [repo]);
      // Claude may run its Bash tool without asking (the board commands are what it is sent).
      mkdirSync(join(cliHome, '.claude'), { recursive: true });
      writeFileSync(join(cliHome, '.claude', 'settings.json'), JSON.stringify({ permissions: { allow: ['Bash'] } }));
      env = {
        ...temp.env,
        ...claudeEnv,
        FAKE_AGENT_RUN_COMMANDS: '1',
        FAKE_AGENT_WORK_MS: '200',
        PATH: `${realCliBinDir()}:${process.env.PATH ?? ''}`,
      };
      const root = join(temp.home, '..', 'teams');
      const team = ['--team-name', TEAM, '--team-root', root];
      const cli = async (args: readonly string[]) => {
        const result = await runCli([...args, '--json'], env, { cwd: repo });
        expect(result.code, `${args.join(' ')}: ${result.stdout}${result.stderr}`).toBe(0);
        return result.json;
      };
      const board = (args: string) => `$ ${AGENTPOOL} team ${args} --team-name ${TEAM} --team-root ${shellQuote(root)}`;
      const say = (to: string, body: string) => cli(['team', 'message', ...team, '--from', 'lead', '--to', to, '--body', body]);

      await cli(['team', 'init', ...team, '--goal', 'Add a greeting to the README', '--members', 'lead,implementer-a,reviewer,tester']);
      await cli(['team', 'add-task', ...team, '--title', 'implement the greeting']);
      await cli(['team', 'add-task', ...team, '--title', 'review the greeting', '--depends-on', 'task-1']);
      await cli(['team', 'add-task', ...team, '--title', 'test the greeting', '--depends-on', 'task-2']);

      // The delivery loop: a real `agentpool team deliver` process.
      deliverer = spawn(process.execPath, [BIN, 'team', 'deliver', ...team, '--interval', '0.3', '--json'], { env, stdio: 'ignore' });

      const spawnMember = (member: string, provider: string) =>
        cli([
          'team',
          'spawn-member',
          ...team,
          '--member',
          member,
          '--provider',
          provider,
          '--repo',
          repo,
          '--isolation',
          'shared',
          '--board-command',
          AGENTPOOL,
        ]);
      const sessionOf: Record<string, string> = {};
      for (const [member, provider] of [
        ['lead', 'fake-completed'],
        ['implementer-a', 'fake-completed'],
        ['tester', 'fake-completed'],
        ['reviewer', 'claude-code'],
      ] as const) {
        sessionOf[member] = String((await spawnMember(member, provider)).session_id);
      }
      const members = async () =>
        (await cli(['team', 'members', ...team])).members as { member: string; state: string | null; waiting: string[] }[];
      const stateOf = async (member: string) => (await members()).find((m) => m.member === member)?.state;
      const tasks = async () => (await cli(['team', 'list-tasks', ...team])).tasks as { id: string; status: string; owner: string }[];
      const taskStatus = async (id: string) => (await tasks()).find((task) => task.id === id)?.status;
      const db = new Database(join(temp.home, 'agentpool.sqlite'), { readonly: true });
      const deliveries = () =>
        db.prepare('select seq, member, status, turn, claimed_at from message_deliveries order by seq').all() as {
          seq: number;
          member: string;
          status: string;
          turn: number;
          claimed_at: string;
        }[];

      // Every member's first turn ends (the real Claude's included) before work is handed out.
      await waitUntil(async () => (await members()).every((m) => m.state === 'completed' || m.state === 'idle'), 120_000, 500);

      // Task 1: the implementer works for a few seconds; a message sent meanwhile waits for that turn to end.
      await say('implementer-a', `Take task-1.\n${board('claim --task-id task-1 --member implementer-a')}\n$ sleep 15`);
      await waitUntil(async () => (await stateOf('implementer-a')) === 'working', 30_000, 100);
      const midTurn = await say(
        'implementer-a',
        `Done with the greeting? Then complete it.\n${board('update-task --task-id task-1 --status completed --owner implementer-a --note implemented')}`,
      );
      const midSeq = Number(String((midTurn.sent as { id: string }).id).slice(4));
      // Sent mid-turn: not typed in (the attempt on `team message` and the loop both wait).
      expect((midTurn.delivery as { outcome: string }[])[0]?.outcome).toBe('waiting');
      expect(deliveries().some((d) => d.seq === midSeq)).toBe(false);
      const workingTurn = deliveries().find((d) => d.member === 'implementer-a')?.turn as number;
      await waitUntil(async () => (await taskStatus('task-1')) === 'completed', 60_000, 200);
      const midDelivery = deliveries().find((d) => d.seq === midSeq && d.member === 'implementer-a');
      // Delivered at the between-turns moment after the working turn, and once.
      expect(midDelivery).toMatchObject({ status: 'delivered' });
      expect(midDelivery?.turn).toBeGreaterThan(workingTurn);

      // A debate on how to review task 2, with the real Claude (reviewer) and a fake (tester) taking positions.
      await cli([
        'team',
        'start-debate',
        ...team,
        '--topic',
        'How deep should the review go?',
        '--task-id',
        'task-2',
        '--options',
        'quick,thorough',
        '--members',
        'lead,reviewer,tester',
        '--notify',
      ]);
      await say(
        'reviewer',
        `Your position, please.\n${board('add-position --debate-id debate-1 --member reviewer --option thorough --confidence 0.9 --rationale "a greeting is user-facing"')}`,
      );
      await say(
        'tester',
        `Your position, please.\n${board('add-position --debate-id debate-1 --member tester --option quick --confidence 0.4 --rationale "it is one line"')}`,
      );
      await cli([
        'team',
        'add-position',
        ...team,
        '--debate-id',
        'debate-1',
        '--member',
        'lead',
        '--option',
        'thorough',
        '--confidence',
        '0.6',
        '--rationale',
        'agree',
      ]);
      const debate = await waitUntil(
        async () => {
          const step = await cli([
            'team',
            'orchestrate-debate',
            ...team,
            '--debate-id',
            'debate-1',
            '--owner-map',
            'thorough:reviewer,quick:tester',
          ]);
          return step.status === 'applied' ? step : null;
        },
        120_000,
        1000,
      );
      expect(debate.option).toBe('thorough');
      expect((await tasks()).find((task) => task.id === 'task-2')).toMatchObject({ status: 'in_progress', owner: 'reviewer' });

      // Task 2 by the real Claude, task 3 by the tester.
      await say(
        'reviewer',
        `Review done? Complete task-2.\n${board('update-task --task-id task-2 --status completed --owner reviewer --note reviewed')}`,
      );
      await waitUntil(async () => (await taskStatus('task-2')) === 'completed', 120_000, 500);
      await say(
        'tester',
        `Test it.\n${board('claim --task-id task-3 --member tester')}\n${board('update-task --task-id task-3 --status completed --owner tester --note tested')}`,
      );
      await waitUntil(async () => (await taskStatus('task-3')) === 'completed', 60_000, 200);
      expect((await tasks()).map((task) => task.status)).toEqual(['completed', 'completed', 'completed']);

      // What reached the panes: the real Claude got its messages through its pane (the imitation saw them),
      // the lead heard of idle members, and no message was typed twice.
      expect(imitation.requests.some((request) => request.lastUserText.includes(`[agentpool team ${TEAM}] message`))).toBe(true);
      const leadInbox = (await cli(['team', 'inbox', ...team, '--member', 'lead'])).messages as { from: string; body: string }[];
      expect(leadInbox.some((m) => m.from === 'implementer-a' && m.body.includes('is idle'))).toBe(true);
      expect(leadInbox.some((m) => m.from === 'reviewer' && m.body.includes('is idle'))).toBe(true);
      await waitUntil(() => deliveries().some((d) => d.member === 'lead' && d.status === 'delivered'), 30_000, 200);
      const leadScreen = await runCli(['transcript', sessionOf.lead as string, '--tail-lines', '300'], env);
      expect(leadScreen.stdout).toContain('is idle: it ended turn');
      const all = deliveries();
      expect(new Set(all.map((d) => `${d.seq}/${d.member}`)).size).toBe(all.length);
      expect(all.every((d) => d.status === 'delivered')).toBe(true);
      db.close();
    },
    420_000,
  );
});
