import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createTempHome, type TempHome } from '@agentpool/test-utils';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { BIN, runCli } from './run-cli.js';

let temp: TempHome;
beforeEach(() => {
  temp = createTempHome();
  // The workers run in the home folder itself.
  mkdirSync(temp.home, { recursive: true });
});
afterEach(() => temp.cleanup());

/** Starts the binary and returns its exit, without waiting for it. */
function startCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number; json: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, json: stdout ? (JSON.parse(stdout) as Record<string, unknown>) : {} }));
  });
}

it('an observe waiting in one process judges the turn another process starts with send, and loses none of what it recorded', async () => {
  const spawned = await runCli(
    ['spawn', '--provider', 'fake-question', '--repo', temp.home, '--task', 'Inspect and ask.', '--json'],
    temp.env,
  );
  const id = String(spawned.json.session_id);
  const asked = await runCli(['observe', id, '--wait-for', 'question', '--timeout', '20', '--json'], temp.env);
  expect(asked.json.state).toBe('question');

  // Process A waits for a completion. Turn 1 ended with a question, so only the turn B starts can complete.
  const waiting = startCli(['observe', id, '--wait-for', 'completed', '--timeout', '30', '--json'], temp.env);
  await new Promise((resolve) => setTimeout(resolve, 1000));
  // Process B answers: a new turn.
  const sent = await runCli(['send', id, 'Look in the src folder first.', '--json'], temp.env);
  expect(sent.code).toBe(0);
  expect(sent.json.turn).toBe(2);

  const observed = await waiting;
  expect(observed.code).toBe(0);
  expect(observed.json).toMatchObject({ state: 'completed', turn: 2 });

  // What B recorded survived A's writes: the turn, where it began and what it sent.
  const shown = await runCli(['session', 'show', id, '--json'], temp.env);
  const turns = shown.json.turns as { turn: number; sent_text: string; stream_offset: number }[];
  expect(turns.map((turn) => turn.turn)).toEqual([1, 2]);
  expect(turns[1]?.sent_text).toBe('Look in the src folder first.');
  expect(turns[1]?.stream_offset).toBeGreaterThan(0);
  const collected = await runCli(['collect', id, '--json'], temp.env);
  expect(collected.json).toMatchObject({ turn: 2, result_missing: false });
  expect(JSON.stringify(collected.json.result)).toContain('after the answer');
  await runCli(['terminate', id, '--json'], temp.env);
}, 90_000);
