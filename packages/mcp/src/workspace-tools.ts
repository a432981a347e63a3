import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { AgentPoolError, assertLeaseIdFormat, echoValue, redact, SESSION_STATES } from '@agentpool/core';
import { classifySavedScreen, eventView, leaseView, turnView } from '@agentpool/sdk';
import { z } from 'zod';
import { defineTool } from './tool-definition.js';
import { looseOutput, sessionId, sessionIdInput } from './tool-schemas.js';
import { mcpSessionView } from './worker-views.js';

/** The most screen text classify_screen reads (a whole pane is a few KB; a raw stream can be more). */
const MAX_CLASSIFY_CHARS = 1024 * 1024;

function repoFolder(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const path = resolve(value);
  let folder = false;
  try {
    folder = statSync(path).isDirectory();
  } catch {
    folder = false;
  }
  if (!folder) {
    throw new AgentPoolError('INVALID_REPO', `repo is not a folder: ${echoValue(path)}`, { details: { repo: echoValue(path) } });
  }
  return realpathSync(path);
}

export const sessionTools = [
  defineTool({
    name: 'list_sessions',
    toolset: 'sessions',
    description: 'Sessions, newest first (panes that died are marked ended first).',
    input: z.strictObject({
      state: z.enum(SESSION_STATES).optional(),
      provider: z.string().optional(),
      live: z.boolean().optional().describe('only sessions that have not ended'),
      limit: z.number().int().min(1).max(500).optional(),
      offset: z.number().int().min(0).optional(),
    }),
    output: looseOutput({ sessions: z.array(z.unknown()), count: z.number() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const list = await (await pool.sessions()).list({
        state: args.state,
        provider: args.provider,
        includeEnded: args.live !== true,
        limit: args.limit ?? 50,
        offset: args.offset ?? 0,
      });
      const sessions = list.map((session) => mcpSessionView(session));
      return {
        value: { sessions, count: sessions.length },
        text: sessions.map((s) => `${s.id} ${s.provider} ${s.state} turn ${s.turn}`).join('\n') || 'no sessions',
      };
    },
  }),
  defineTool({
    name: 'get_session',
    toolset: 'sessions',
    description: "A session's record, live state, turns and last events.",
    input: z.strictObject({ session_id: sessionIdInput }),
    output: looseOutput({ session: z.record(z.string(), z.unknown()), turns: z.array(z.unknown()) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool, lockdown, fence }) {
      const id = sessionId(args.session_id);
      const manager = await pool.sessions();
      const evaluated = await manager.show(id);
      const session = mcpSessionView(evaluated.session, await manager.attachCommand(id));
      const turns = (await manager.turns(id)).map(turnView);
      const events = (await manager.events(id)).slice(-20).map(eventView);
      return {
        value: {
          session,
          turns,
          // Event data holds screen evidence: worker text.
          events: lockdown ? null : fence.wrap(JSON.stringify(events, null, 2)),
        },
        text: `${session.id}: ${session.state}, turn ${session.turn} (${session.provider})`,
      };
    },
  }),
  defineTool({
    name: 'attach_info',
    toolset: 'sessions',
    description: "The tmux command a person runs to watch or take over the worker's pane.",
    input: z.strictObject({ session_id: sessionIdInput }),
    output: looseOutput({ session_id: z.string(), attach_command: z.array(z.string()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const id = sessionId(args.session_id);
      const command = await (await pool.sessions()).attachCommand(id);
      return { value: { session_id: id, attach_command: [...command], command_line: command.join(' ') }, text: command.join(' ') };
    },
  }),
  defineTool({
    name: 'send_worker_keys',
    toolset: 'sessions',
    description: 'Sends named keys (Enter, Escape, C-c, y, …) to answer a prompt; needs policy.allow_raw_keys.',
    input: z.strictObject({ session_id: sessionIdInput, keys: z.array(z.string()).min(1).max(32) }),
    output: looseOutput({ session_id: z.string(), keys: z.array(z.string()) }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    lockdownPolicy: 'mcp_lockdown_allow_send',
    async run(args, context) {
      const session = await (await context.pool.sessions()).keys({ sessionId: sessionId(args.session_id), keys: args.keys });
      context.sessionChanged(session.id);
      return {
        value: { session_id: session.id, keys: args.keys, state: session.state },
        text: `sent ${args.keys.join(' ')} to ${session.id}`,
      };
    },
  }),
];

export const leaseTools = [
  defineTool({
    name: 'list_leases',
    toolset: 'leases',
    description: 'Active file leases (read: shared, write: exclusive).',
    input: z.strictObject({ all: z.boolean().optional().describe('include released and expired ones') }),
    output: looseOutput({ leases: z.array(z.unknown()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const leases = (await (await pool.sessions()).leases.list({ includeInactive: args.all === true })).map(leaseView);
      return {
        value: { leases },
        text: leases.map((l) => `${l.id} ${l.mode} ${l.resource} (${l.holder})`).join('\n') || 'no active leases',
      };
    },
  }),
  defineTool({
    name: 'acquire_lease',
    toolset: 'leases',
    description: "Takes a lease on a file or folder (relative paths: the server's working folder); LEASE_CONFLICT when held.",
    input: z.strictObject({
      path: z.string(),
      mode: z.enum(['read', 'write']).optional().describe('default write'),
      holder: z.string().optional().describe('a session id or a name (default mcp)'),
      ttl_seconds: z.number().int().min(1).optional().describe('default 3600'),
    }),
    output: looseOutput({ lease: z.record(z.string(), z.unknown()) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: false },
    async run(args, { pool }) {
      const lease = await (await pool.sessions()).leases.acquire({
        path: args.path,
        mode: args.mode ?? 'write',
        holder: args.holder ?? 'mcp',
        ttlSeconds: args.ttl_seconds ?? 3600,
        cwd: process.cwd(),
      });
      return { value: { lease: leaseView(lease) }, text: `${lease.id}: ${lease.mode} lease on ${lease.resource} until ${lease.expiresAt}` };
    },
  }),
  defineTool({
    name: 'release_lease',
    toolset: 'leases',
    description: 'Releases a lease (releasing twice is harmless).',
    input: z.strictObject({ lease_id: z.string() }),
    output: looseOutput({ lease: z.record(z.string(), z.unknown()) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      assertLeaseIdFormat(args.lease_id);
      const lease = await (await pool.sessions()).leases.release(args.lease_id);
      return { value: { lease: leaseView(lease) }, text: `released ${lease.id}` };
    },
  }),
];

export const worktreeTools = [
  defineTool({
    name: 'list_worktrees',
    toolset: 'worktrees',
    description: 'Git worktrees agentpool created for sessions, with their dirty and live state.',
    input: z.strictObject({ repo: z.string().optional(), all: z.boolean().optional().describe('include removed ones') }),
    output: looseOutput({ worktrees: z.array(z.unknown()) }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const worktrees = await (await pool.sessions()).worktrees.list({
        repoPath: repoFolder(args.repo),
        includeRemoved: args.all === true,
      });
      return {
        value: { worktrees },
        text:
          worktrees.map((w) => `${w.session_id} ${w.branch}${w.dirty ? ' dirty' : ''}${w.session_live ? ' live' : ''}`).join('\n') ||
          'no worktrees',
      };
    },
  }),
  defineTool({
    name: 'cleanup_worktrees',
    toolset: 'worktrees',
    description:
      'Removes worktrees and their branches; refuses dirty, in-use or unmerged ones unless force. dry_run defaults to true: pass false to remove.',
    input: z.strictObject({
      session_id: sessionIdInput.optional(),
      repo: z.string().optional(),
      force: z.boolean().optional(),
      dry_run: z.boolean().optional(),
    }),
    output: looseOutput({ dry_run: z.boolean(), removed: z.array(z.unknown()), refused: z.array(z.unknown()) }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(args, { pool }) {
      if (args.session_id !== undefined && args.repo !== undefined) {
        throw new AgentPoolError('INVALID_REQUEST', 'Give session_id (one worktree) or repo (every worktree of a repository), not both.', {
          details: { fields: ['session_id', 'repo'] },
        });
      }
      const report = await (await pool.sessions()).worktrees.cleanup({
        sessionId: args.session_id === undefined ? undefined : sessionId(args.session_id),
        repoPath: repoFolder(args.repo),
        force: args.force === true,
        dryRun: args.dry_run !== false,
      });
      const verb = report.dry_run ? 'would remove' : 'removed';
      return {
        value: { ...report },
        text:
          [
            ...report.removed.map((w) => `${verb} ${w.path}`),
            ...report.refused.map((r) => `refused ${r.worktree.path}: ${r.reason} [${r.code}]`),
          ].join('\n') || 'nothing to clean up',
      };
    },
  }),
];

export const classifyTools = [
  defineTool({
    name: 'classify_screen',
    toolset: 'classify',
    description: "Reads a saved screen (text) or raw pane stream with a provider's rules: state, confidence, rule, evidence.",
    input: z.strictObject({
      provider: z.string(),
      screen: z.string().min(1).max(MAX_CLASSIFY_CHARS),
      width: z.number().int().min(10).max(1000).optional(),
      height: z.number().int().min(2).max(1000).optional(),
    }),
    output: looseOutput({ provider: z.string(), state: z.string(), confidence: z.number() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool }) {
      const adapter = (await pool.providers()).require(args.provider);
      const classified = await classifySavedScreen(adapter, Buffer.from(args.screen, 'utf8'), {
        name: 'screen',
        width: args.width,
        height: args.height,
        defaultSize: { cols: pool.config.tmux.width, rows: pool.config.tmux.height },
      });
      const { observation } = classified;
      const value = {
        provider: adapter.id,
        state: observation.state,
        confidence: observation.confidence,
        rule: observation.rule ?? null,
        evidence: observation.evidence.map(redact),
        kind: classified.kind,
      };
      return { value, text: `${value.state} (confidence ${value.confidence}${value.rule ? `, rule ${value.rule}` : ''})` };
    },
  }),
];
