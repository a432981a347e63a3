import { describe, expect, it } from 'vitest';
import type { TeamCycle } from '../src/pool-state.js';
import { advanceTeamAuth, currentTeamAuth, syncTeamOrder } from '../src/team-cycle.js';

const fresh: TeamCycle = { teamDir: '/team', order: [], pointer: null };

describe('team_cycle', () => {
  it('numbers new files in path order and starts at the first', () => {
    const { cycle, authPath } = currentTeamAuth(fresh, ['/team/b', '/team/a', '/team/c']);
    expect(cycle.order).toEqual([
      { authPath: '/team/a', position: 0 },
      { authPath: '/team/b', position: 1 },
      { authPath: '/team/c', position: 2 },
    ]);
    expect(authPath).toBe('/team/a');
    expect(cycle.pointer).toBe(0);
  });

  it('keeps known positions and appends new files after the last, even when they sort first', () => {
    const known = syncTeamOrder(fresh, ['/team/m', '/team/n']);
    const grown = syncTeamOrder(known, ['/team/a', '/team/m', '/team/n', '/team/z']);
    expect(grown.order).toEqual([
      { authPath: '/team/m', position: 0 },
      { authPath: '/team/n', position: 1 },
      { authPath: '/team/a', position: 2 },
      { authPath: '/team/z', position: 3 },
    ]);
  });

  it('advances in order and wraps around', () => {
    const files = ['/team/a', '/team/b', '/team/c'];
    let cycle = fresh;
    const seen: string[] = [];
    for (let i = 0; i < 4; i++) {
      const next = advanceTeamAuth(cycle, files);
      seen.push(next.authPath);
      cycle = next.cycle;
    }
    expect(seen).toEqual(['/team/b', '/team/c', '/team/a', '/team/b']);
  });

  it('moves on to the next file when the current one disappears, and does not jump back when it returns', () => {
    let cycle = currentTeamAuth(fresh, ['/team/a', '/team/b', '/team/c']).cycle;
    cycle = advanceTeamAuth(cycle, ['/team/a', '/team/b', '/team/c']).cycle; // current: b
    const withoutB = currentTeamAuth(cycle, ['/team/a', '/team/c']);
    expect(withoutB.authPath).toBe('/team/c');
    const bBack = currentTeamAuth(withoutB.cycle, ['/team/a', '/team/b', '/team/c']);
    expect(bBack.authPath).toBe('/team/c');
    expect(bBack.cycle.order.find((entry) => entry.authPath === '/team/b')?.position).toBe(1);
  });

  it('advancing from a file that is gone moves to the one after it and names the gone one as previous', () => {
    let cycle = currentTeamAuth(fresh, ['/team/a', '/team/b', '/team/c']).cycle; // current: a
    const next = advanceTeamAuth(cycle, ['/team/b', '/team/c']);
    expect(next.authPath).toBe('/team/b');
    expect(next.previous).toBe('/team/a');
    cycle = next.cycle;
    expect(cycle.pointer).toBe(1);
  });

  it('wraps to the first file when the pointer sits past every present file', () => {
    const cycle: TeamCycle = {
      teamDir: '/team',
      order: [
        { authPath: '/team/a', position: 0 },
        { authPath: '/team/z', position: 5 },
      ],
      pointer: 5,
    };
    expect(currentTeamAuth(cycle, ['/team/a']).authPath).toBe('/team/a');
  });
});

describe('moveTeamAuthTo', () => {
  it('points the team at the chosen file, not the next in line, and says which it left', async () => {
    const { moveTeamAuthTo } = await import('../src/team-cycle.js');
    const files = ['/team/a', '/team/b', '/team/c'];
    const moved = moveTeamAuthTo(fresh, files, '/team/c');
    expect(moved.authPath).toBe('/team/c');
    expect(moved.previous).toBe('/team/a');
    expect(currentTeamAuth(moved.cycle, files).authPath).toBe('/team/c');
    expect(() => moveTeamAuthTo(fresh, files, '/team/x')).toThrow(RangeError);
  });
});
