// One claiming worker for bench section (j): claims the next task and completes it until the board
// is done, timing every call. argv: dbPath root member barrierFile readyFile
import { existsSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { openStore } from '../packages/store/dist/index.js';
import { createTeamBoard } from '../packages/teams/dist/index.js';

const [dbPath, root, member, barrier, ready] = process.argv.slice(2);
const store = await openStore({ path: dbPath });
const board = createTeamBoard(store.teams);
const address = { location: { root, explicit: true, ancestorRoots: [root] }, teamName: 'bench' };
const timings = { next_claim: [], complete: [], list_tasks: [] };
const timed = async (name, fn) => {
  const started = performance.now();
  try {
    return await fn();
  } finally {
    timings[name].push(performance.now() - started);
  }
};
// Warm up (module loading, lazy compilation, JIT, the first queries) on a board of the child's own,
// through the same calls, before the start: the figures are the board's, not a cold process's.
// (A read alone left the claim and update paths cold: ~150 ms of CPU per child went to compiling them.)
const warmAddress = { ...address, teamName: `warm-${member}` };
await board.init({ location: address.location, teamName: warmAddress.teamName, goal: 'warm-up', members: member });
for (let i = 1; i <= 30; i += 1) await board.addTask(warmAddress, { title: `w${i}`, dependsOn: i > 1 ? `task-${i - 1}` : '' });
for (;;) {
  const next = await board.next(warmAddress, { member, claim: true });
  if (!next.task) break;
  await board.updateTask(warmAddress, { taskId: next.task.id, status: 'completed' });
  await board.listTasks(warmAddress);
}
for (let i = 0; i < 5; i += 1) await board.next(address, { member });
writeFileSync(ready, '');
while (!existsSync(barrier)) await sleep(5);
let claimed = 0;
for (;;) {
  const next = await timed('next_claim', () => board.next(address, { member, claim: true }).catch((error) => ({ error })));
  if (next.task) {
    claimed += 1;
    await timed('complete', () => board.updateTask(address, { taskId: next.task.id, status: 'completed' }));
    continue;
  }
  const { tasks } = await timed('list_tasks', () => board.listTasks(address));
  if (tasks.every((task) => task.status === 'completed')) break;
  await sleep(2);
}
await store.close();
process.stdout.write(`${JSON.stringify({ member, claimed, timings })}\n`);
