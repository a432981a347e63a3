import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGitRepo, createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type AgentPool, createAgentPool } from '../src/index.js';
import { closePool } from './pool-teardown.js';

/**
 * The teammate_idle hook on a live member (a fake worker in a real tmux pane): exit 2 keeps it
 * working — the hook's stderr is typed into its pane as its next turn, at once — and only once the
 * hook lets it go idle is the lead told, as Claude Code's native teams do.
 */

let temp: TempHome | null = null;
let pool: AgentPool | null = null;
afterEach(async () => {
  await closePool(pool);
  pool = null;
  temp?.cleanup();
  temp = null;
});

describe('teammate_idle on a live member', () => {
  it("exit 2 types the hook's stderr into the member's pane as its next turn; exit 0 lets it go idle and tells the lead", async () => {
    temp = createTempHome('ap-idle-');
    pool = await createAgentPool({ env: { ...temp.env, FAKE_AGENT_WORK_MS: '300' } });
    const root = join(temp.home, '..', 'teams');
    const address = { location: { root, explicit: true, ancestorRoots: [root] }, teamName: 'crew' };
    const board = await pool.teams();
    await board.init({ location: address.location, teamName: 'crew', goal: 'g', members: 'lead,implementer-a' });
    // Keeps the member working once (its first idle), then lets it go: a marker file counts the calls.
    const marker = join(temp.home, '..', 'idle-seen');
    await board.setHooks(address, {
      teammate_idle: `if [ -e ${marker} ]; then exit 0; fi; touch ${marker}; echo "Run the tests before you stop." >&2; exit 2`,
    });
    const live = await pool.liveTeams();
    const repo = createGitRepo({ 'README.md': 'hello\n' });
    const spawned = await live.spawnMember({
      team: address,
      member: 'implementer-a',
      provider: 'fake-completed',
      repo,
      isolation: 'shared',
    });
    const sessions = await pool.sessions();
    const id = spawned.session_id;
    expect((await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 30_000 })).evaluated.evaluation.state).toBe(
      'completed',
    );

    const first = await live.deliver(address, { members: ['implementer-a'] });
    expect(first.members.find((m) => m.member === 'implementer-a')).toMatchObject({ outcome: 'idle_kept_working' });
    const store = await pool.store();
    const turns = await store.sessions.turns(id);
    expect(turns).toHaveLength(2);
    expect(turns[1]?.sentText).toContain('Run the tests before you stop.');
    // No idle notice while it was kept working.
    const inboxOfLead = async () => (await board.inbox(address, { member: 'lead' })).messages.map((message) => message.from);
    expect(await inboxOfLead()).toEqual([]);

    // Its second turn ends; this time the hook exits 0: the lead is told, once.
    expect((await sessions.observe({ sessionId: id, waitFor: ['completed'], timeoutMs: 30_000 })).evaluated.session.turnCount).toBe(2);
    const second = await live.deliver(address, { members: ['implementer-a', 'lead'] });
    expect(second.members.find((m) => m.member === 'implementer-a')).toMatchObject({ outcome: 'idle' });
    expect(await inboxOfLead()).toEqual(['implementer-a']);
    const third = await live.deliver(address, { members: ['implementer-a', 'lead'] });
    expect(third.members.find((m) => m.member === 'implementer-a')?.outcome).toBe('none');
    expect(await inboxOfLead()).toEqual(['implementer-a']);
    expect((await store.sessions.turns(id)).length).toBe(2);
    writeFileSync(marker, '');
  });
});
