import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonObject } from '@agentpool/core';

/**
 * Codex 0.169 writes its own internal turns through `notify` too — a title for the thread, asked in
 * a thread of its own (capture codex-0.169.0-working.signals.jsonl: a second `thread-id` whose input
 * begins with this). That thread is not the worker's conversation.
 */
const TITLE_REQUEST = 'Generate a concise, single-line task title';

/**
 * The worker's conversation id from a `notify` record: its `thread-id` (the UUID `codex resume`
 * takes), unless the record is one of Codex's internal title turns.
 */
export function codexConversationId(payload: string): string | null {
  const event = parseJsonObject(payload);
  if (!event || event.type !== 'agent-turn-complete') return null;
  const id = event['thread-id'];
  if (typeof id !== 'string' || !/^[0-9a-f-]{16,64}$/i.test(id)) return null;
  const inputs = Array.isArray(event['input-messages']) ? event['input-messages'] : [];
  if (inputs.some((input) => typeof input === 'string' && input.startsWith(TITLE_REQUEST))) return null;
  return id;
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/**
 * The rollout files of one conversation in a CODEX_HOME: `sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`
 * (0.169), the log `codex resume <id>` reads the conversation back from.
 */
export function findCodexRollouts(codexHome: string, conversationId: string): string[] {
  const suffix = `-${conversationId}.jsonl`;
  const found: string[] = [];
  const sessions = join(codexHome, 'sessions');
  for (const year of entries(sessions)) {
    for (const month of entries(join(sessions, year))) {
      for (const day of entries(join(sessions, year, month))) {
        for (const name of entries(join(sessions, year, month, day))) {
          if (name.startsWith('rollout-') && name.endsWith(suffix)) found.push(join(sessions, year, month, day, name));
        }
      }
    }
  }
  return found.sort();
}
