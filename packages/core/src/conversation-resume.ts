import type { LaunchRequest } from './provider-adapter.js';

/**
 * Restarting a worker's conversation in a new process — after agentpool moved it to another account
 * (new credentials, new private home). Three optional adapter methods make it up:
 * `conversationId` reads the provider's own conversation id from a native signal record,
 * `conversationFiles` says which files of a provider home hold that conversation (they are copied
 * into the new home before the restart), and `resume` builds the launch that continues it.
 */

/** Where a conversation's files are looked for: one provider home, for one working folder. */
export interface ConversationLocation {
  /** The provider home the worker ran with (`CODEX_HOME`, `CLAUDE_CONFIG_DIR`, …). */
  readonly home: string;
  /** The folder the worker worked in (some CLIs file conversations by folder). */
  readonly cwd: string;
  /** The provider's own conversation id, as `conversationId` read it. */
  readonly conversationId: string;
}

/**
 * What a resumed launch needs: everything of a first launch except the prompt (the conversation
 * already holds it; agentpool sends a continuation message once the worker shows its input prompt).
 */
export interface ResumeRequest extends Omit<LaunchRequest, 'prompt' | 'promptMode'> {
  /** The conversation to continue, as `conversationId` read it from the worker's signals. */
  readonly conversationId: string;
}
