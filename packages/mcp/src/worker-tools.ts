import { AgentPoolError, ISOLATIONS, type SESSION_STATES, WORKER_ROLES } from '@agentpool/core';
import { artifactView, diffView, spawnedAccountView } from '@agentpool/sdk';
import { z } from 'zod';
import { defineTool, type ToolContext } from './tool-definition.js';
import {
  DEFAULT_OBSERVE_WAIT_SECONDS,
  looseOutput,
  MAX_OBSERVE_WAIT_SECONDS,
  sessionId,
  sessionIdInput,
  stateList,
} from './tool-schemas.js';
import { mcpArtifactView, mcpObserveView, mcpSessionView, type ScreenDetail } from './worker-views.js';

const PROMPT_MODES = ['provider_default', 'arg', 'send_after_launch', 'stdin'] as const;
const DEFAULT_WAIT_FOR = ['completed', 'question', 'approval_prompt', 'error', 'limit_reached', 'exited'] as const;
const DEFAULT_EXCERPT_LINES = 20;
/** How often a waiting observe_worker reports progress to a client that asked for it. */
const PROGRESS_INTERVAL_MS = 1000;

const detailInput = z.enum(['summary', 'excerpt', 'full']).optional().describe('screen: none, last max_lines, all');
const maxLinesInput = z.number().int().min(1).max(1000).optional();
const observeOutput = looseOutput({ state: z.string(), reached: z.boolean() });

function screenOptions(args: { session_id: string; detail?: ScreenDetail | undefined; max_lines?: number | undefined }) {
  const detail = args.detail ?? 'summary';
  if (args.max_lines !== undefined && detail !== 'excerpt') {
    throw new AgentPoolError(
      'INVALID_REQUEST',
      `max_lines applies to detail "excerpt" only; detail "${detail}" ${detail === 'full' ? 'returns the whole screen' : 'returns no screen'}.`,
      {
        details: { field: 'max_lines', detail },
      },
    );
  }
  return { detail, maxLines: args.max_lines ?? DEFAULT_EXCERPT_LINES };
}

async function observe(
  args: { session_id: string; detail?: ScreenDetail | undefined; max_lines?: number | undefined },
  waitFor: readonly (typeof SESSION_STATES)[number][],
  timeoutSeconds: number,
  context: ToolContext,
) {
  const id = sessionId(args.session_id);
  const screen = screenOptions(args);
  const manager = await context.pool.sessions();
  const started = Date.now();
  const progress =
    timeoutSeconds > 0
      ? setInterval(() => {
          const waited = Math.round((Date.now() - started) / 1000);
          void context
            .progress(waited, timeoutSeconds, `waiting for ${waitFor.join(', ')} (${waited} s of ${timeoutSeconds} s)`)
            .catch(() => undefined);
        }, PROGRESS_INTERVAL_MS)
      : null;
  try {
    const result = await manager.observe({ sessionId: id, waitFor, timeoutMs: timeoutSeconds * 1000, signal: context.signal });
    const value = mcpObserveView(result, { ...screen, lockdown: context.lockdown, fence: context.fence });
    const status = result.timedOut
      ? ` (timed out after ${timeoutSeconds} s waiting for ${waitFor.join(', ')})`
      : result.endedWhileWaiting
        ? ' (session ended)'
        : '';
    const text = [`${id}: ${value.state}${status}, turn ${value.turn}`, ...(value.worker_output ? [value.worker_output] : [])].join('\n');
    return { value, text };
  } finally {
    if (progress) clearInterval(progress);
  }
}

export const workerTools = [
  defineTool({
    name: 'spawn_worker',
    toolset: 'default',
    description:
      'Starts a worker of the chosen provider in tmux. A worker may edit files unless isolation is read_only. ' +
      '`account` runs it on a pool account (its label), `pool` on one picked from a pool (a pool name or provider id); ' +
      "the worker then gets a private copy of that account's home, removed when it ends.",
    input: z.strictObject({
      provider: z.string().optional().describe('required unless account or pool gives it'),
      account: z.string().optional().describe('a pool account label (agentpool pool accounts list)'),
      pool: z.string().optional().describe('a pool name or provider id: an unpaused account is picked'),
      task: z.string(),
      repo: z.string().optional().describe('default: server cwd'),
      role: z.enum(WORKER_ROLES as [string, ...string[]]).optional(),
      isolation: z.enum(ISOLATIONS as [string, ...string[]]).optional(),
      model: z.string().optional(),
      initial_prompt_mode: z.enum(PROMPT_MODES).optional(),
      max_runtime_seconds: z.number().int().positive().optional(),
      max_turns: z.number().int().positive().optional(),
      reasoning_effort: z.string().optional(),
      service_tier: z.string().optional(),
      allow_low_usage: z.boolean().optional(),
      accept_startup_trust: z.boolean().optional(),
    }),
    output: looseOutput({ session_id: z.string() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    lockdownPolicy: 'mcp_lockdown_allow_spawn',
    async run(args, { pool }) {
      const request = {
        provider: args.provider ?? '',
        account: args.account,
        pool: args.pool,
        allowLowUsage: args.allow_low_usage === true,
        task: args.task,
        repo: args.repo ?? process.cwd(),
        role: args.role as (typeof WORKER_ROLES)[number] | undefined,
        isolation: args.isolation as (typeof ISOLATIONS)[number] | undefined,
        model: args.model,
        promptMode: args.initial_prompt_mode,
        maxRuntimeSeconds: args.max_runtime_seconds,
        maxTurns: args.max_turns,
        reasoningEffort: args.reasoning_effort,
        serviceTier: args.service_tier,
        acceptStartupTrust: args.accept_startup_trust === true,
      };
      // As the CLI's spawn: checks that need no store first, then the usage gate (cache only), then the spawn.
      const spawned = await pool.spawn(request);
      const id = spawned.session.id;
      const warnings = spawned.warnings;
      return {
        value: {
          session_id: id,
          account: spawned.account ? spawnedAccountView(spawned.account) : null,
          session: mcpSessionView(spawned.session, spawned.attachCommand),
          attach_command: spawned.attachCommand.join(' '),
          warnings,
          next: `observe_worker {"session_id":"${id}"} or subscribe to agentpool://sessions/${id}`,
        },
        text: [
          `spawned ${id} (${spawned.session.provider}, ${spawned.session.isolation}${spawned.account ? `, account ${spawned.account.label}` : ''})`,
          ...warnings.map((w) => `warning: ${w}`),
        ].join('\n'),
      };
    },
  }),
  defineTool({
    name: 'observe_worker',
    toolset: 'default',
    description: `Waits (max ${MAX_OBSERVE_WAIT_SECONDS} s, with progress) until the worker reaches a wait_for state. Worker text is fenced as untrusted.`,
    input: z.strictObject({
      session_id: sessionIdInput,
      wait_for: stateList.optional().describe('default: any that needs you'),
      timeout_seconds: z.number().min(0).max(MAX_OBSERVE_WAIT_SECONDS).optional().describe(`default ${DEFAULT_OBSERVE_WAIT_SECONDS}`),
      detail: detailInput,
      max_lines: maxLinesInput,
    }),
    output: observeOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: (args, context) => observe(args, args.wait_for ?? DEFAULT_WAIT_FOR, args.timeout_seconds ?? DEFAULT_OBSERVE_WAIT_SECONDS, context),
  }),
  defineTool({
    name: 'poll_worker',
    toolset: 'default',
    description: "A non-blocking look at the worker's state now.",
    input: z.strictObject({ session_id: sessionIdInput, detail: detailInput, max_lines: maxLinesInput }),
    output: observeOutput,
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    run: (args, context) => observe(args, [], 0, context),
  }),
  defineTool({
    name: 'send_worker_message',
    toolset: 'default',
    description: 'Sends text to the worker; starts a new turn. "" presses Enter.',
    input: z.strictObject({ session_id: sessionIdInput, text: z.string() }),
    output: looseOutput({ turn: z.number() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    lockdownPolicy: 'mcp_lockdown_allow_send',
    async run(args, context) {
      const session = await (await context.pool.sessions()).send({ sessionId: sessionId(args.session_id), text: args.text });
      context.sessionChanged(session.id);
      return {
        value: { session_id: session.id, turn: session.turnCount, state: session.state, sent_chars: args.text.length },
        text: `sent to ${session.id} (turn ${session.turnCount})`,
      };
    },
  }),
  defineTool({
    name: 'interrupt_worker',
    toolset: 'default',
    description: "Interrupts the worker's current turn.",
    input: z.strictObject({ session_id: sessionIdInput, dry_run: z.boolean().optional() }),
    output: looseOutput({ dry_run: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async run(args, context) {
      const result = await (await context.pool.sessions()).interrupt(sessionId(args.session_id), args.dry_run === true);
      if (!result.dryRun) context.sessionChanged(result.session.id);
      return {
        value: { session_id: result.session.id, keys: [...result.keys], dry_run: result.dryRun, state: result.session.state },
        text: `${result.dryRun ? 'would send' : 'sent'} ${result.keys.join(' ')} to ${result.session.id}`,
      };
    },
  }),
  defineTool({
    name: 'collect_worker_artifacts',
    toolset: 'default',
    description: "A turn's result block (fenced), diff and artifact files.",
    input: z.strictObject({ session_id: sessionIdInput, turn: z.number().int().min(1).optional() }),
    output: looseOutput({ result_missing: z.boolean() }),
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, { pool, lockdown, fence }) {
      const result = await (await pool.sessions()).collect({ sessionId: sessionId(args.session_id), turn: args.turn });
      const block = result.result;
      const value = {
        session_id: result.session.id,
        state: result.session.state,
        turn: result.turn,
        result_missing: block === null,
        result_source: result.resultSource,
        result_sections: block ? Object.keys(block.sections) : [],
        result_text: block && !lockdown ? fence.wrap(block.text) : null,
        diff: diffView(result.diff),
        artifacts: result.artifacts.map((row) => mcpArtifactView(artifactView(row), lockdown)),
        warnings: result.warnings,
      };
      const head = `${value.session_id}: ${value.state} (turn ${value.turn}), result ${block ? `from the ${result.resultSource}` : 'missing'}`;
      return { value, text: [head, ...(value.result_text ? [value.result_text] : [])].join('\n') };
    },
  }),
  defineTool({
    name: 'get_artifact_manifest',
    toolset: 'default',
    description: "The session's collected artifacts.",
    input: z.strictObject({ session_id: sessionIdInput }),
    output: looseOutput({ artifacts: z.array(z.unknown()) }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool, lockdown }) {
      const id = sessionId(args.session_id);
      const rows = (await (await pool.sessions()).artifacts(id)).map((row) => mcpArtifactView(artifactView(row), lockdown));
      return {
        value: { session_id: id, artifacts: rows },
        text: rows.length
          ? rows.map((row) => `${row.kind} (${row.size_bytes} bytes)`).join('\n')
          : 'no artifacts yet: collect_worker_artifacts',
      };
    },
  }),
  defineTool({
    name: 'read_worker_transcript',
    toolset: 'default',
    description: "The worker's output, redacted and fenced: last tail_lines (default 80) or a byte range.",
    input: z.strictObject({
      session_id: sessionIdInput,
      offset: z.number().int().min(0).optional(),
      limit: z.number().int().min(1).optional(),
      tail_lines: z.number().int().min(1).optional(),
    }),
    output: looseOutput({ text: z.string() }),
    annotations: { readOnlyHint: true, openWorldHint: false },
    async run(args, { pool, lockdown, fence }) {
      const id = sessionId(args.session_id);
      if (lockdown) {
        throw new AgentPoolError('POLICY_BLOCKED', 'Lockdown: worker transcripts are not returned over MCP.', {
          details: { session_id: id, lockdown: true },
          hint: `agentpool transcript ${id} --tail-lines 80`,
        });
      }
      const page = await (await pool.sessions()).transcript({
        sessionId: id,
        offset: args.offset,
        limit: args.limit,
        tailLines: args.tail_lines,
      });
      const text = fence.wrap(page.text);
      return {
        value: {
          session_id: id,
          mode: page.mode,
          offset: page.offset,
          next_offset: page.nextOffset,
          has_more: page.hasMore,
          size_bytes: page.sizeBytes,
          truncated: page.truncated,
          text,
        },
        text,
      };
    },
  }),
  defineTool({
    name: 'terminate_worker',
    toolset: 'default',
    description: 'Stops the worker and all it started; idempotent.',
    input: z.strictObject({ session_id: sessionIdInput, dry_run: z.boolean().optional() }),
    output: looseOutput({ state: z.string() }),
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(args, context) {
      const result = await (await context.pool.sessions()).terminate(sessionId(args.session_id), args.dry_run === true);
      if (!result.dryRun) context.sessionChanged(result.session.id);
      return {
        value: {
          session_id: result.session.id,
          state: result.state,
          current_state: result.currentState,
          would_terminate_runtime: result.wouldTerminateRuntime,
          already_terminated: result.alreadyTerminated,
          dry_run: result.dryRun,
        },
        text: result.dryRun
          ? `would terminate ${result.session.id} (now ${result.currentState})`
          : result.alreadyTerminated
            ? `${result.session.id} was already terminated (${result.state})`
            : `terminated ${result.session.id} (${result.state})`,
      };
    },
  }),
];
