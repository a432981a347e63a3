import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scanTokenLog, type TimeSlots } from '@agentpool/usage';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { codexTokenLog } from '../../src/index.js';

let codexHome: string;
beforeEach(() => {
  codexHome = mkdtempSync(join(tmpdir(), 'codex-tokens-'));
});
afterEach(() => rmSync(codexHome, { recursive: true, force: true }));

const usage = (input: number, cached: number, output: number, reasoning: number) => ({
  input_tokens: input,
  cached_input_tokens: cached,
  output_tokens: output,
  reasoning_output_tokens: reasoning,
  total_tokens: input + output,
});
type Usage = ReturnType<typeof usage>;
const tokenCount = (second: number, last: Usage | null, total: Usage | null) =>
  JSON.stringify({
    timestamp: `2026-11-30T09:00:${String(second).padStart(2, '0')}.000Z`,
    type: 'event_msg',
    payload: {
      type: 'token_count',
      info: last || total ? { total_token_usage: total, last_token_usage: last, model_context_window: 1000 } : null,
      rate_limits: null,
    },
  });

function writeRollout(name: string, lines: string[]) {
  const dir = join(codexHome, 'sessions', '2026', '11', '30');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `rollout-2026-11-30T09-00-00-${name}.jsonl`), `${lines.join('\n')}\n`);
}

const sum = (slots: TimeSlots) => {
  const total = { input: 0, cacheRead: 0, output: 0, reasoning: 0, total: 0 };
  for (const slot of slots.values()) {
    total.input += slot.input;
    total.cacheRead += slot.cacheRead;
    total.output += slot.output;
    total.reasoning += slot.reasoning;
    total.total += slot.total;
  }
  return total;
};

// The expected figures are what the real ccusage 20.0.24 (`ccusage codex daily --json --offline`)
// printed for these same two rollouts.
describe('Codex rollout token counts, as ccusage 20.0.24 counts them', () => {
  it('a repeated running total counts nothing; without last_token_usage the growth of the total counts; cached input apart', async () => {
    writeRollout('a', [
      JSON.stringify({ timestamp: '2026-11-30T09:00:00.000Z', type: 'turn_context', payload: { model: 'gpt-5', cwd: '/' } }),
      tokenCount(1, null, null),
      tokenCount(2, usage(100, 40, 20, 5), usage(100, 40, 20, 5)),
      tokenCount(3, usage(100, 40, 20, 5), usage(100, 40, 20, 5)),
      tokenCount(4, null, usage(300, 40, 50, 5)),
      tokenCount(5, usage(1000, 0, 1, 0), usage(1300, 40, 51, 5)),
    ]);
    expect(sum((await scanTokenLog(codexTokenLog(codexHome))).slots)).toEqual({
      input: 1260,
      cacheRead: 40,
      output: 51,
      reasoning: 5,
      total: 1351,
    });
  });

  it('last_token_usage wins when present, also when the running total is missing or falls', async () => {
    writeRollout('b', [
      tokenCount(2, usage(7, 0, 1, 0), null),
      tokenCount(3, usage(50, 0, 5, 0), usage(500, 0, 50, 0)),
      tokenCount(4, usage(30, 0, 3, 0), usage(100, 0, 10, 0)),
    ]);
    expect(sum((await scanTokenLog(codexTokenLog(codexHome))).slots)).toEqual({
      input: 87,
      cacheRead: 0,
      output: 9,
      reasoning: 0,
      total: 96,
    });
  });
});
