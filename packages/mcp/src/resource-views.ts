import { AgentPoolError, assertSessionIdFormat, toAgentPoolError } from '@agentpool/core';
import { type AgentPool, artifactView, eventView, readDelegationPreferences } from '@agentpool/sdk';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { createUntrustedFence } from './untrusted-fence.js';
import { mcpArtifactView, mcpSessionView } from './worker-views.js';

/** Lines of a session's transcript the transcript resource holds. */
const TRANSCRIPT_RESOURCE_LINES = 200;

const json = (uri: string, value: unknown): ReadResourceResult => ({
  contents: [{ uri, mimeType: 'application/json', text: JSON.stringify(value, null, 2) }],
});
const text = (uri: string, body: string, mimeType = 'text/markdown'): ReadResourceResult => ({ contents: [{ uri, mimeType, text: body }] });

/** A failed read as a JSON-RPC error carrying the agentpool error envelope in `data`. */
export function resourceError(error: unknown): McpError {
  const failure = toAgentPoolError(error);
  return new McpError(failure.kind === 'usage' ? ErrorCode.InvalidParams : ErrorCode.InternalError, `${failure.code}: ${failure.message}`, {
    error: failure.toJSON(),
  });
}

function lockdownBlocked(uri: string): AgentPoolError {
  return new AgentPoolError('POLICY_BLOCKED', `Lockdown: ${uri} holds worker text and is not served.`, {
    details: { uri, lockdown: true },
  });
}

/** The session id of a template's variables, checked as the CLI checks one. */
export function sessionIdVariable(value: string | string[] | undefined): string {
  const id = Array.isArray(value) ? (value[0] ?? '') : (value ?? '');
  assertSessionIdFormat(id);
  return id;
}

export function preferencesResource(pool: AgentPool, uri: string): ReadResourceResult {
  const preferences = readDelegationPreferences(pool.paths.preferences);
  return text(
    uri,
    preferences.text ??
      `# No delegation preferences yet\n\nThe user has not written ${preferences.path}. They can start one with: agentpool preferences init\n`,
  );
}

export async function sessionResource(pool: AgentPool, uri: string, id: string): Promise<ReadResourceResult> {
  const manager = await pool.sessions();
  const evaluated = await manager.show(id);
  return json(uri, {
    session: mcpSessionView(evaluated.session),
    state: evaluated.evaluation.state,
    ended: evaluated.evaluation.ended,
    turn: evaluated.session.turnCount,
  });
}

export async function transcriptResource(pool: AgentPool, uri: string, id: string, lockdown: boolean): Promise<ReadResourceResult> {
  if (lockdown) throw lockdownBlocked(uri);
  const page = await (await pool.sessions()).transcript({ sessionId: id, tailLines: TRANSCRIPT_RESOURCE_LINES });
  return text(uri, createUntrustedFence().wrap(page.text), 'text/plain');
}

export async function eventsResource(pool: AgentPool, uri: string, id: string, lockdown: boolean): Promise<ReadResourceResult> {
  if (lockdown) throw lockdownBlocked(uri);
  const events = (await (await pool.sessions()).events(id)).map(eventView);
  // Event data carries screen evidence (worker text): the whole list is fenced.
  return text(uri, createUntrustedFence().wrap(JSON.stringify(events, null, 2)), 'text/plain');
}

export async function artifactsResource(pool: AgentPool, uri: string, id: string, lockdown: boolean): Promise<ReadResourceResult> {
  const rows = (await (await pool.sessions()).artifacts(id)).map((row) => mcpArtifactView(artifactView(row), lockdown));
  return json(uri, { session_id: id, artifacts: rows, ...(lockdown ? { withheld: 'lockdown: artifact paths' } : {}) });
}

export { text as textResource };
