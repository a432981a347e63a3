import type { Headroom } from '@agentpool/account-pool';
import { poolAccountView } from '@agentpool/sdk';
import type { Command } from 'commander';
import type { CliRun } from './cli-context.js';
import { defineAction } from './command-kit.js';
import { table } from './output.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A table cell for an account's cached headroom: `80% (5h)`, `unknown`, or `spent until …`. */
function headroomText(headroom: Headroom): string {
  if (headroom.kind === 'known') return `${headroom.remainingPercent}%${headroom.window ? ` (${headroom.window})` : ''}`;
  if (headroom.kind === 'unknown') return 'unknown';
  return headroom.nextAvailableAt ? `spent until ${headroom.nextAvailableAt}` : 'spent';
}

/** `agentpool pool accounts add|remove|list` and `pool pause|resume <account>`: paths only, each change one transaction. */
export function registerPoolAccountCommands(pool: Command, run: CliRun): void {
  const accountPool = async () => (await run.agentPool()).accountPool();
  const accounts = pool.command('accounts').description('pool accounts: a provider plus a source home and/or an auth file, by label');

  defineAction(
    accounts
      .command('add')
      .description('register an account (only its paths are stored, never the content of its login)')
      .requiredOption('--provider <id>', 'codex-cli | claude-code')
      .requiredOption('--label <label>', 'the account id (letters, digits, ".", "_", "-")')
      .option('--home <path>', 'a provider home whose configuration workers get (CODEX_HOME / CLAUDE_CONFIG_DIR template)')
      .option('--auth-file <path>', "the account's login file (Codex auth.json, Claude .credentials.json); default: the home's own")
      .option('--pool <name>', 'the pool it belongs to (default: the provider id)'),
    run,
    async (_args, options) => {
      const added = await (await accountPool()).accounts.add({
        provider: text(options.provider),
        label: text(options.label),
        sourceHome: text(options.home),
        authFile: text(options.authFile),
        pool: text(options.pool),
      });
      return {
        value: { added: true, account: poolAccountView(added) },
        human: () => `added ${added.label} (${added.provider}, pool ${added.pool})`,
      };
    },
  );

  defineAction(
    accounts.command('remove <account>').description('forget an account (running workers keep their private copy until they end)'),
    run,
    async ([label]) => {
      const removed = await (await accountPool()).accounts.remove(String(label));
      return { value: { removed: true, account: poolAccountView(removed) }, human: () => `removed ${removed.label}` };
    },
  );

  defineAction(
    accounts
      .command('list')
      .description('the accounts, paused or not, with their live assignments and what their cached usage says is left'),
    run,
    async () => {
      const pool = await accountPool();
      const listed = await pool.accounts.list();
      const headrooms = await Promise.all(listed.map((account) => pool.headroomOf(account)));
      return {
        value: { accounts: listed.map((account, index) => poolAccountView(account, headrooms[index])) },
        human: () =>
          listed.length === 0
            ? 'no accounts (agentpool pool accounts add --provider codex-cli --label work --auth-file <login file>)'
            : table(
                ['label', 'provider', 'pool', 'paused', 'live', 'left (cached)', 'home', 'auth file'],
                listed.map((account, index) => [
                  account.label,
                  account.provider,
                  account.pool,
                  account.paused ? 'yes' : '',
                  account.liveAssignments,
                  headroomText(headrooms[index] as Headroom),
                  account.sourceHome ?? '-',
                  account.authFile ?? '-',
                ]),
                120,
              ),
      };
    },
  );

  for (const [name, description] of [
    ['pause', 'never pick this account (spawn --pool, pick-auth) until it is resumed'],
    ['resume', 'let a paused account be picked again'],
  ] as const) {
    defineAction(pool.command(`${name} <account>`).description(description), run, async ([label]) => {
      const pool = await accountPool();
      const account = name === 'pause' ? await pool.accounts.pause(String(label)) : await pool.accounts.resume(String(label));
      return {
        value: { account: poolAccountView(account) },
        human: () => `${account.label} ${account.paused ? 'paused' : 'resumed'}`,
      };
    });
  }
}
