// Generates a local-log history of a given size: Claude Code session logs
// (<root>/claude/projects/<project>/<session>.jsonl) and Codex rollouts
// (<root>/codex/sessions/YYYY/MM/DD/rollout-*.jsonl), in the line shapes the real CLIs write
// (Claude Code 2.1.197 and Codex 0.169.0 captured against the model imitation), with what real
// histories hold: several lines per response (one per content block, same message id and request
// id), resumed sessions that copy earlier responses into a new file, large tool results, repeated
// token_count events, token_count events without info, and a few corrupt lines. Deterministic.
import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const DAY_MS = 86_400_000;

/** A small seeded generator (mulberry32), so every run writes the same history. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 'the a function returns value file test error change build module import export const await line path read write'.split(' ');

class LineWriter {
  constructor(path) {
    this.fd = openSync(path, 'w');
    this.chunks = [];
    this.pending = 0;
    this.bytes = 0;
  }
  line(text) {
    this.chunks.push(text, '\n');
    this.pending += text.length + 1;
    if (this.pending > 1 << 20) this.flush();
  }
  flush() {
    if (this.chunks.length === 0) return;
    const data = Buffer.from(this.chunks.join(''));
    writeSync(this.fd, data);
    this.bytes += data.length;
    this.chunks = [];
    this.pending = 0;
  }
  close() {
    this.flush();
    closeSync(this.fd);
    return this.bytes;
  }
}

/**
 * Writes about `totalBytes` of history under `root`, ending at `end` (ms) and spanning `days`.
 * Returns the two roots and counts.
 */
export function generateLogHistory(root, { totalBytes, end = Date.now(), days = 60, seed = 7 } = {}) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const int = (min, max) => min + Math.floor(next() * (max - min + 1));
  const text = (bytes) => {
    const parts = [];
    let size = 0;
    while (size < bytes) {
      const word = pick(WORDS);
      parts.push(word);
      size += word.length + 1;
    }
    return parts.join(' ');
  };
  const hex = (length) => {
    let out = '';
    while (out.length < length)
      out += Math.floor(next() * 0xffffffff)
        .toString(16)
        .padStart(8, '0');
    return out.slice(0, length);
  };
  const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)}`;
  const start = end - days * DAY_MS;
  const claudeRoot = join(root, 'claude');
  const codexRoot = join(root, 'codex');
  const claudeTarget = Math.round(totalBytes * 0.65);
  const written = { claude: 0, codex: 0, claudeFiles: 0, codexFiles: 0, corruptLines: 0 };
  const recent = []; // Responses earlier sessions logged, for resumed sessions to copy.

  while (written.claude < claudeTarget) {
    const project = `-home-user-src-project-${int(1, 12)}`;
    mkdirSync(join(claudeRoot, 'projects', project), { recursive: true });
    const sessionId = uuid();
    const out = new LineWriter(join(claudeRoot, 'projects', project, `${sessionId}.jsonl`));
    let at = start + next() * (end - start - DAY_MS);
    const cwd = `/home/user/src/${project}`;
    const base = { isSidechain: false, userType: 'external', entrypoint: 'cli', cwd, sessionId, version: '2.1.197', gitBranch: 'main' };
    // A resumed session starts with responses copied from an earlier file.
    if (recent.length > 20 && next() < 0.08) for (const copied of recent.slice(-int(5, 20))) out.line(copied);
    const turns = int(20, 120);
    let parent = null;
    for (let turn = 0; turn < turns; turn++) {
      at += int(5_000, 600_000);
      const userUuid = uuid();
      const toolResult = next() < 0.6;
      out.line(
        JSON.stringify({
          parentUuid: parent,
          ...base,
          type: 'user',
          message: toolResult
            ? { role: 'user', content: [{ tool_use_id: `toolu_${hex(24)}`, type: 'tool_result', content: text(int(200, 9000)) }] }
            : { role: 'user', content: text(int(20, 600)) },
          uuid: userUuid,
          timestamp: new Date(at).toISOString(),
        }),
      );
      parent = userUuid;
      const messageId = `msg_${hex(24)}`;
      const requestId = `req_${hex(24)}`;
      const usage = {
        input_tokens: int(1, 50),
        cache_creation_input_tokens: int(0, 20_000),
        cache_read_input_tokens: int(0, 150_000),
        output_tokens: int(1, 3000),
        server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
        service_tier: 'standard',
      };
      // One model per response, as Claude Code logs it (ccusage keeps the priciest of duplicates).
      const model = pick(['claude-opus-4-8', 'claude-sonnet-4-5']);
      const blocks = int(1, 3);
      for (let block = 0; block < blocks; block++) {
        at += int(200, 4000);
        const uuidNow = uuid();
        const content =
          block === blocks - 1 && next() < 0.5
            ? [
                {
                  type: 'tool_use',
                  id: `toolu_${hex(24)}`,
                  name: pick(['Read', 'Edit', 'Bash', 'Grep']),
                  input: { command: text(int(20, 400)) },
                },
              ]
            : [{ type: 'text', text: text(int(50, 2500)) }];
        const line = JSON.stringify({
          parentUuid: parent,
          ...base,
          message: {
            id: messageId,
            type: 'message',
            role: 'assistant',
            model,
            content,
            stop_reason: null,
            stop_sequence: null,
            usage,
          },
          requestId,
          type: 'assistant',
          uuid: uuidNow,
          timestamp: new Date(at).toISOString(),
        });
        out.line(line);
        if (next() < 0.05) recent.push(line);
        parent = uuidNow;
      }
      if (next() < 0.002) {
        out.line('{"parentUuid":"x","message":{"usage":{"input_tokens":12,"outp');
        written.corruptLines++;
      }
    }
    written.claude += out.close();
    written.claudeFiles++;
  }

  while (written.claude + written.codex < totalBytes) {
    let at = start + next() * (end - start - DAY_MS);
    const date = new Date(at);
    const dir = join(
      codexRoot,
      'sessions',
      String(date.getUTCFullYear()),
      String(date.getUTCMonth() + 1).padStart(2, '0'),
      String(date.getUTCDate()).padStart(2, '0'),
    );
    mkdirSync(dir, { recursive: true });
    const id = uuid();
    const out = new LineWriter(join(dir, `rollout-${date.toISOString().slice(0, 19).replace(/:/g, '-')}-${id}.jsonl`));
    const stamp = () => new Date(at).toISOString();
    out.line(
      JSON.stringify({
        timestamp: stamp(),
        type: 'session_meta',
        payload: {
          id,
          timestamp: stamp(),
          cwd: '/home/user/src/app',
          originator: 'codex_cli_rs',
          cli_version: '0.169.0',
          instructions: text(int(500, 3000)),
        },
      }),
    );
    const total = { input_tokens: 0, cached_input_tokens: 0, output_tokens: 0, reasoning_output_tokens: 0, total_tokens: 0 };
    const turns = int(10, 80);
    for (let turn = 0; turn < turns; turn++) {
      at += int(5_000, 600_000);
      out.line(
        JSON.stringify({
          timestamp: stamp(),
          type: 'turn_context',
          payload: {
            cwd: '/home/user/src/app',
            approval_policy: 'on-request',
            model: pick(['gpt-5.5', 'gpt-5.4-codex']),
            effort: 'medium',
            summary: 'auto',
          },
        }),
      );
      out.line(
        JSON.stringify({
          timestamp: stamp(),
          type: 'response_item',
          payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: text(int(20, 800)) }] },
        }),
      );
      const calls = int(1, 4);
      for (let call = 0; call < calls; call++) {
        at += int(500, 20_000);
        out.line(
          JSON.stringify({
            timestamp: stamp(),
            type: 'response_item',
            payload: {
              type: 'function_call',
              name: 'shell',
              arguments: JSON.stringify({ command: ['bash', '-lc', text(int(10, 200))] }),
              call_id: `call_${hex(24)}`,
            },
          }),
        );
        out.line(
          JSON.stringify({
            timestamp: stamp(),
            type: 'response_item',
            payload: { type: 'function_call_output', call_id: `call_${hex(24)}`, output: text(int(100, 7000)) },
          }),
        );
        const input = int(2000, 60_000);
        const last = {
          input_tokens: input,
          cached_input_tokens: int(0, input),
          output_tokens: int(10, 2000),
          reasoning_output_tokens: 0,
          total_tokens: 0,
        };
        last.reasoning_output_tokens = int(0, last.output_tokens);
        last.total_tokens = last.input_tokens + last.output_tokens;
        for (const key of Object.keys(total)) total[key] += last[key];
        const rateLimits = {
          limit_id: 'codex',
          primary: { used_percent: int(0, 100), window_minutes: 300, resets_at: Math.floor(at / 1000) + 3600 },
          secondary: { used_percent: int(0, 100), window_minutes: 10080, resets_at: Math.floor(at / 1000) + 86400 },
          credits: null,
          plan_type: 'plus',
        };
        const event = JSON.stringify({
          timestamp: stamp(),
          type: 'event_msg',
          payload: {
            type: 'token_count',
            info: { total_token_usage: { ...total }, last_token_usage: last, model_context_window: 258400 },
            rate_limits: rateLimits,
          },
        });
        out.line(event);
        // Codex reports the same call again at times, and sometimes limits alone.
        if (next() < 0.1) out.line(event);
        if (next() < 0.05)
          out.line(
            JSON.stringify({
              timestamp: stamp(),
              type: 'event_msg',
              payload: { type: 'token_count', info: null, rate_limits: rateLimits },
            }),
          );
      }
      out.line(
        JSON.stringify({
          timestamp: stamp(),
          type: 'response_item',
          payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: text(int(50, 2500)) }] },
        }),
      );
    }
    written.codex += out.close();
    written.codexFiles++;
  }
  return { claudeRoot, codexRoot, ...written };
}
