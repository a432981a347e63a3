import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The fake agent's conversation log, kept the way real CLIs keep theirs: one JSON line per message
 * in a file of its home (`$FAKE_AGENT_HOME/conversations/<conversation-id>.jsonl`), so a resume in
 * another home works only when the file was carried over — as with Claude Code's project logs and
 * Codex's rollouts.
 */

/** The fake's home variable (what `CODEX_HOME` is to Codex). */
export const FAKE_HOME_VARIABLE = 'FAKE_AGENT_HOME';
/** The fake's conversation id variable (the worker's own session id, reported in every hook). */
export const FAKE_CONVERSATION_VARIABLE = 'FAKE_AGENT_SESSION';

export interface FakeConversationEntry {
  readonly turn: number;
  readonly message: string;
}

export function fakeConversationPath(home: string, conversationId: string): string {
  return join(home, 'conversations', `${conversationId}.jsonl`);
}

/** Appends one message; nothing is kept without a home. */
export function appendFakeConversation(home: string | null, conversationId: string, entry: FakeConversationEntry): void {
  if (!home) return;
  const path = fakeConversationPath(home, conversationId);
  mkdirSync(join(home, 'conversations'), { recursive: true, mode: 0o700 });
  appendFileSync(path, `${JSON.stringify(entry)}\n`, { mode: 0o600 });
}

/** The messages of a conversation, oldest first; null when the home holds no such conversation. */
export function readFakeConversation(home: string | null, conversationId: string): FakeConversationEntry[] | null {
  if (!home) return null;
  const path = fakeConversationPath(home, conversationId);
  if (!existsSync(path)) return null;
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as FakeConversationEntry);
}

/** How a resumed fake shows what it remembers: the first message's first line, cut short. */
export function rememberedFirstLine(entries: readonly FakeConversationEntry[]): string {
  const first = entries[0]?.message.split('\n')[0]?.trim() ?? '';
  return first.length > 60 ? `${first.slice(0, 57)}...` : first;
}
