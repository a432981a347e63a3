import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseJsonObject } from '@agentpool/core';

/** The conversation id of a hook record: its `session_id` (2.1.197 sends it with every event). */
export function claudeConversationId(payload: string): string | null {
  const id = parseJsonObject(payload)?.session_id;
  return typeof id === 'string' && /^[0-9a-f-]{16,64}$/i.test(id) ? id : null;
}

/**
 * The log of one conversation in a Claude config folder: `projects/<cwd slug>/<id>.jsonl` (2.1.197),
 * which `--resume <id>` reads back. The slug is looked up rather than recomputed: Claude derives it
 * from the working folder by its own rules.
 */
export function findClaudeConversation(configDir: string, conversationId: string): string[] {
  const projects = join(configDir, 'projects');
  let slugs: string[];
  try {
    slugs = readdirSync(projects);
  } catch {
    return [];
  }
  return slugs
    .map((slug) => join(projects, slug, `${conversationId}.jsonl`))
    .filter((path) => existsSync(path))
    .sort();
}
