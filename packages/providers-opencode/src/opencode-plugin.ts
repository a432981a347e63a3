/**
 * The per-worker opencode plugin that reports turn events to agentpool. opencode 1.18 has no hook
 * commands or notify program; it has plugins: ES modules whose `event` hook sees every event of its
 * bus. agentpool writes this module into the worker's session folder and names it in
 * `OPENCODE_CONFIG_CONTENT`'s `plugin` list (as a `file://` URL), so it is loaded for that worker
 * only — nothing is written to the user's config folders or repository.
 *
 * The plugin keeps the little state it needs (which sessions are sub-agents', the text of the last
 * reply, the turn's error) and hands one small JSON record per event that matters to agentpool's
 * signal recorder (its argv and the target file, through standard input), one after another so the
 * file keeps their order. It records:
 * - `session.status` `busy` (when the session was not busy before) and `retry` (`attempt`, `message`, `next`);
 * - `message.user`: a new message of the caller's (a turn taken, also one queued behind another);
 * - `session.error` `{name, message, statusCode, resetsAt}` and `session.idle` `{finalText, error}`;
 * - `permission.asked` `{permission, patterns, command}`, `permission.replied` `{reply}`;
 * - `question.asked` `{questions: [{header, question}]}`, `question.replied`, `question.rejected`.
 * Status, errors and completions of sub-agent sessions (the `task` tool) are left out; their
 * permission requests and questions are kept, as the TUI shows them.
 */

/** The plugin module's source, recording into `file` through the recorder `argv`. */
export function opencodeSignalPlugin(recorderArgv: readonly string[], file: string): string {
  return `${PLUGIN_HEADER}\nconst RECORDER = ${JSON.stringify([...recorderArgv, file])};\n${PLUGIN_BODY}`;
}

const PLUGIN_HEADER = `// Written by agentpool for one opencode worker: records its turn events for agentpool (see @agentpool/providers-opencode).
import { spawn } from 'node:child_process';`;

const PLUGIN_BODY = `
let queue = Promise.resolve();
function record(payload) {
  const line = JSON.stringify(payload);
  queue = queue.then(
    () =>
      new Promise((done) => {
        try {
          const child = spawn(RECORDER[0], RECORDER.slice(1), { stdio: ['pipe', 'ignore', 'ignore'] });
          child.on('error', () => done());
          child.on('close', () => done());
          child.stdin.on('error', () => {});
          child.stdin.end(line);
        } catch {
          done();
        }
      }),
  );
}

const parents = new Map();
const roles = new Map();
const lastReply = new Map();
const texts = new Map();
const statuses = new Map();
const failures = new Map();
const active = new Set();

const isSubagent = (sessionID) => Boolean(sessionID && parents.get(sessionID));
const text = (value) => (typeof value === 'string' && value !== '' ? value : undefined);

function retryAfter(headers) {
  const value = headers && (headers['retry-after'] ?? headers['Retry-After']);
  const seconds = Number.parseFloat(String(value ?? ''));
  return Number.isFinite(seconds) && seconds >= 0 ? new Date(Date.now() + seconds * 1000).toISOString() : undefined;
}

function compactError(error) {
  const data = (error && error.data) || {};
  return {
    name: text(error && error.name) ?? 'UnknownError',
    message: text(data.message) ?? text(error && error.message),
    statusCode: typeof data.statusCode === 'number' ? data.statusCode : undefined,
    resetsAt: retryAfter(data.responseHeaders),
  };
}

function finalText(sessionID) {
  const parts = texts.get(lastReply.get(sessionID));
  if (!parts) return undefined;
  return text([...parts.values()].filter(Boolean).join('\\n'));
}

function handle(event) {
  const type = event && event.type;
  const p = (event && event.properties) || {};
  switch (type) {
    case 'session.created':
    case 'session.updated':
      if (p.info && p.info.id) parents.set(p.info.id, p.info.parentID || null);
      return;
    case 'message.updated': {
      const info = p.info || {};
      if (!info.id) return;
      const known = roles.has(info.id);
      roles.set(info.id, info.role);
      if (info.role === 'assistant') lastReply.set(info.sessionID, info.id);
      if (info.role === 'user' && !known && !isSubagent(info.sessionID)) record({ type: 'message.user', sessionID: info.sessionID });
      return;
    }
    case 'message.part.updated': {
      const part = p.part || {};
      if (part.type !== 'text' || part.synthetic || part.ignored || roles.get(part.messageID) !== 'assistant') return;
      if (!texts.has(part.messageID)) texts.set(part.messageID, new Map());
      texts.get(part.messageID).set(part.id, typeof part.text === 'string' ? part.text : '');
      return;
    }
    case 'session.status': {
      const status = p.status || {};
      if (isSubagent(p.sessionID)) return;
      const before = statuses.get(p.sessionID);
      statuses.set(p.sessionID, status.type);
      if (status.type === 'busy' && before !== 'busy') {
        active.add(p.sessionID);
        record({ type, sessionID: p.sessionID, status: { type: 'busy' } });
      } else if (status.type === 'retry') {
        record({ type, sessionID: p.sessionID, status: { type: 'retry', attempt: status.attempt, message: text(status.message), next: status.next } });
      }
      return;
    }
    case 'session.error': {
      if (isSubagent(p.sessionID)) return;
      const error = compactError(p.error);
      failures.set(p.sessionID, error);
      record({ type, sessionID: p.sessionID, error });
      return;
    }
    case 'session.idle': {
      // opencode 1.18.33 sends session.idle twice after a failed turn: only the first ends it.
      if (isSubagent(p.sessionID) || !active.delete(p.sessionID)) return;
      const error = failures.get(p.sessionID);
      record({ type, sessionID: p.sessionID, finalText: error ? undefined : finalText(p.sessionID), error });
      failures.delete(p.sessionID);
      texts.delete(lastReply.get(p.sessionID));
      return;
    }
    case 'permission.asked':
      record({
        type,
        sessionID: p.sessionID,
        permission: text(p.permission),
        patterns: Array.isArray(p.patterns) ? p.patterns.filter((item) => typeof item === 'string') : [],
        command: text(p.metadata && p.metadata.command),
      });
      return;
    case 'permission.replied':
      record({ type, sessionID: p.sessionID, reply: text(p.reply) });
      return;
    case 'question.asked':
      record({
        type,
        sessionID: p.sessionID,
        questions: (Array.isArray(p.questions) ? p.questions : []).map((item) => ({ header: text(item && item.header), question: text(item && item.question) })),
      });
      return;
    case 'question.replied':
    case 'question.rejected':
      record({ type, sessionID: p.sessionID });
      return;
  }
}

export const AgentpoolSignals = async () => ({
  event: async ({ event }) => {
    try {
      handle(event);
    } catch {
      // A report that cannot be made must never disturb the worker.
    }
  },
});
`;
