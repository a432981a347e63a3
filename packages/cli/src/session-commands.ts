import { spawnSync } from 'node:child_process';
import { AgentPoolError, ISOLATIONS, parseWaitFor, SESSION_STATES, type SessionState, WORKER_ROLES } from '@agentpool/core';
import { observeView, spawnedAccountView } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, oneOf, parseCount, parseSeconds, readStdin } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';
import { keyValues, table } from './output.js';
import { artifactView, diffView, eventView, liveControl, resultView, sessionView, turnView } from './views.js';

const PROMPT_MODES = ['provider_default', 'arg', 'send_after_launch', 'stdin'] as const;
const DETAILS = ['summary', 'excerpt', 'full'] as const;
/** The longest a single observe call waits when no --timeout is given. */
const DEFAULT_WAIT_SECONDS = 120;
/** Screen lines `--detail excerpt` returns when no --max-lines is given. */
const DEFAULT_EXCERPT_LINES = 20;
const SPAWN_EXAMPLE = 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."';

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

async function sessions(run: CliRun) {
  return (await run.agentPool()).sessions();
}

/** What `observe --explain` prints: which evidence decided the state, and what the screen rules read meanwhile. */
function explanation(value: {
  readonly confidence: number;
  readonly turn: number;
  readonly evidence: readonly string[];
  readonly source: string;
  readonly rule: string | null;
  readonly signal: { readonly source: string; readonly kind: string } | null;
  readonly startup_prompt: { readonly kind: string; readonly accept_keys: readonly string[] | null } | null;
  readonly screen_classification: {
    readonly state: string;
    readonly confidence: number;
    readonly rule: string | null;
    readonly evidence: readonly string[];
  } | null;
}): string[] {
  const decidedBy =
    value.source === 'signal'
      ? `a native signal${value.signal ? ` (${value.signal.source} reported ${value.signal.kind})` : ''}, which outranks the screen`
      : value.source === 'screen'
        ? value.rule
          ? `the screen, rule ${value.rule}`
          : "the screen, with agentpool's rules for a turn that has just begun (the worker has not reacted yet)"
        : value.source === 'pane'
          ? "the pane: the worker's process (ended, or being started)"
          : 'silence: nothing recognisable on the screen, so how long the output has been quiet';
  const reading = value.screen_classification;
  return [
    `  decided by: ${decidedBy}`,
    `  confidence: ${value.confidence} (turn ${value.turn})`,
    ...(value.startup_prompt
      ? [
          `  startup prompt: ${value.startup_prompt.kind}${value.startup_prompt.accept_keys ? ` (spawn --accept-startup-trust answers it with ${value.startup_prompt.accept_keys.join(' ')})` : ''}`,
        ]
      : []),
    '  evidence:',
    ...(value.evidence.length ? value.evidence.map((line) => `    ${line}`) : ['    none']),
    ...(reading && (value.source !== 'screen' || !value.rule)
      ? [
          `  the screen rules read: ${reading.state} (confidence ${reading.confidence}${reading.rule ? `, rule ${reading.rule}` : ''})`,
          ...reading.evidence.map((line) => `    ${line}`),
        ]
      : []),
    ...(reading === null && value.source !== 'pane' ? ['  the screen rules read: no live screen'] : []),
  ];
}

function screenFor(lines: readonly string[] | null, detail: (typeof DETAILS)[number], maxLines: number): string[] | undefined {
  if (detail === 'summary' || lines === null) return undefined;
  return detail === 'full' ? [...lines] : lines.slice(-maxLines);
}

export function registerSessionCommands(program: Command, run: CliRun): void {
  defineAction(
    program
      .command('spawn')
      .description('start a worker session of an explicitly chosen provider')
      .option('--provider <id>', 'provider id (see: agentpool inventory); "auto" is refused; with --account/--pool, the account\'s')
      .option('--account <label>', 'run on this pool account, in a private copy of its home (see: agentpool pool accounts list)')
      .option('--pool <name>', 'run on an unpaused account picked from this pool (a pool name or provider id) by pool.auth_strategy')
      .option('--task <text>', 'the task for the worker')
      .option('--task-stdin', 'read the task from standard input')
      .option('--repo <path>', 'repository or folder to work in', '.')
      .option('--role <role>', `${WORKER_ROLES.join(' | ')}`, 'custom')
      .option('--isolation <mode>', `${ISOLATIONS.join(' | ')} (default: policy.default_isolation)`)
      .option('--model <model>', 'model to run (only for providers that allow choosing)')
      .option('--initial-prompt-mode <mode>', `${PROMPT_MODES.join(' | ')}`, 'provider_default')
      .option('--max-runtime-seconds <n>', 'stop the worker after this many seconds')
      .option('--max-turns <n>', 'refuse sends after this many turns (the task is turn 1)')
      .option('--reasoning-effort <level>', 'for providers that take one (see: agentpool providers --json)')
      .option('--service-tier <tier>', 'for providers that take one')
      .option(
        '--allow-low-usage',
        "spawn even when the provider's cached usage is at or below policy.min_remaining_percent or its limit is reached",
      )
      .option(
        '--accept-startup-trust',
        "answer a 'trust this folder' prompt for the worker's own folder (otherwise the session reports startup_prompt)",
      ),
    run,
    async (_args, options: Options) => {
      if (options.task !== undefined && options.taskStdin)
        throw new AgentPoolError('INVALID_REQUEST', 'Give the task with --task or --task-stdin, not both.', {
          hint: 'agentpool spawn --provider <id> --task "…"',
        });
      const task = options.taskStdin ? await readStdin() : str(options.task);
      if (task === undefined) {
        throw new AgentPoolError('INVALID_TASK', 'No task given.', {
          hint: 'agentpool spawn --provider <id> --task "Inspect the repo and summarise the build."',
        });
      }
      const request = {
        provider: str(options.provider) ?? '',
        account: str(options.account),
        pool: str(options.pool),
        allowLowUsage: options.allowLowUsage === true,
        task,
        repo: str(options.repo) ?? '.',
        role: oneOf(str(options.role), WORKER_ROLES, '--role', `${SPAWN_EXAMPLE} --role explorer`),
        isolation: oneOf(str(options.isolation), ISOLATIONS, '--isolation', `${SPAWN_EXAMPLE} --isolation read_only`),
        model: str(options.model),
        promptMode: oneOf(
          str(options.initialPromptMode),
          PROMPT_MODES,
          '--initial-prompt-mode',
          `${SPAWN_EXAMPLE} --initial-prompt-mode arg`,
        ),
        maxRuntimeSeconds: parseCount(str(options.maxRuntimeSeconds), '--max-runtime-seconds', 1),
        maxTurns: parseCount(str(options.maxTurns), '--max-turns', 1),
        reasoningEffort: str(options.reasoningEffort),
        serviceTier: str(options.serviceTier),
        acceptStartupTrust: options.acceptStartupTrust === true,
      };
      // Everything that needs no store first (bad input writes nothing), then the usage gate (cached
      // snapshot only: a spawn never probes), then the spawn; see AgentPool.spawn.
      const result = await (await run.agentPool()).spawn(request);
      const id = result.session.id;
      const value = {
        session_id: id,
        session: sessionView(result.session, result.attachCommand),
        account: result.account ? spawnedAccountView(result.account) : null,
        attach_command: result.attachCommand.join(' '),
        live_control: liveControl(id),
        warnings: result.warnings,
      };
      return {
        value,
        human: () =>
          [
            `spawned ${id} (${result.session.provider}, ${result.session.isolation}, state ${result.session.state})`,
            ...(result.account
              ? [`  account: ${result.account.label} (pool ${result.account.pool}, chosen by ${result.account.chosenBy})`]
              : []),
            `  watch:   agentpool observe ${id} --wait-for completed,question,approval_prompt,error`,
            `  attach:  ${value.attach_command}`,
            ...result.warnings.map((warning) => `  warning: ${warning}`),
          ].join('\n'),
      };
    },
  );

  defineAction(
    program
      .command('observe <session-id>')
      .description("read a worker's state; with --wait-for, wait until it reaches one of the states")
      .option('--wait-for <states>', `comma list of ${SESSION_STATES.join(', ')}`)
      .option('--timeout <seconds>', `how long --wait-for waits (default ${DEFAULT_WAIT_SECONDS}); needs --wait-for`)
      .option('--detail <level>', 'summary | excerpt | full: how much of the screen to return', 'summary')
      .option('--max-lines <n>', `screen lines for --detail excerpt (default ${DEFAULT_EXCERPT_LINES}); needs --detail excerpt`)
      .option('--explain', 'say what decided the state: a native signal, the screen (which rule), the pane or silence, with the evidence'),
    run,
    async ([sessionId], options) => {
      if (options.explain && options.json) {
        // The JSON always carries source, rule, signal and evidence: --explain is their human form.
        throw new AgentPoolError(
          'INVALID_REQUEST',
          '--explain is the human form of what --json always carries (source, rule, signal, evidence).',
          {
            details: { option: '--explain' },
            hint: `agentpool observe ${String(sessionId)} --json`,
          },
        );
      }
      const waitFor: SessionState[] = options.waitFor === undefined ? [] : parseWaitFor(str(options.waitFor) ?? '');
      const timeout = parseSeconds(str(options.timeout), '--timeout');
      if (timeout !== undefined && waitFor.length === 0) {
        // Without --wait-for, observe reads the state once: a timeout would be accepted and ignored.
        throw new AgentPoolError(
          'INVALID_REQUEST',
          '--timeout bounds --wait-for; without --wait-for, observe reads the state once and returns.',
          {
            details: { option: '--timeout' },
            hint: `agentpool observe ${String(sessionId)} --wait-for completed,question,approval_prompt,error --timeout ${timeout}`,
          },
        );
      }
      const detail =
        oneOf(str(options.detail), DETAILS, '--detail', `agentpool observe ${String(sessionId)} --detail excerpt`) ?? 'summary';
      const maxLines = parseCount(str(options.maxLines), '--max-lines', 1);
      if (maxLines !== undefined && detail !== 'excerpt') {
        throw new AgentPoolError(
          'INVALID_REQUEST',
          `--max-lines applies to --detail excerpt only; --detail ${detail} ${detail === 'full' ? 'returns the whole screen' : 'returns no screen'}.`,
          {
            details: { option: '--max-lines', detail },
            hint: `agentpool observe ${String(sessionId)} --detail excerpt --max-lines ${maxLines}`,
          },
        );
      }
      const manager = await sessions(run);
      const waitSeconds = timeout ?? (waitFor.length ? DEFAULT_WAIT_SECONDS : 0);
      const result = await manager.observe({ sessionId: String(sessionId), waitFor, timeoutMs: waitSeconds * 1000 });
      const { session, evaluation, screen } = result.evaluated;
      const value = {
        ...observeView(result),
        screen: screenFor(screen, detail, maxLines ?? DEFAULT_EXCERPT_LINES),
      };
      return {
        value,
        exitCode: waitFor.length && !result.reached ? 1 : 0,
        human: () =>
          [
            `${session.id}: ${evaluation.state}${result.timedOut ? ` (timed out after ${waitSeconds}s waiting for ${waitFor.join(',')})` : ''}${result.endedWhileWaiting ? ' (session ended)' : ''}`,
            ...(options.explain ? explanation(value) : evaluation.evidence.map((line) => `  ${line}`)),
            ...(value.screen ? ['', ...value.screen] : []),
          ].join('\n'),
      };
    },
  );

  defineAction(
    program
      .command('send <session-id> [message]')
      .description('send a message to the worker (starts a new turn); "" presses Enter')
      .option('--stdin', 'read the message from standard input'),
    run,
    async ([sessionId, message], options) => {
      if (message !== undefined && options.stdin)
        throw new AgentPoolError('INVALID_REQUEST', 'Give the message as an argument or with --stdin, not both.', {
          hint: `agentpool send ${String(sessionId)} "message"`,
        });
      if (message === undefined && !options.stdin) {
        throw new AgentPoolError('INVALID_REQUEST', 'No message given.', {
          hint: `agentpool send ${String(sessionId)} "Continue with the smallest useful check."`,
        });
      }
      const text = options.stdin ? await readStdin() : String(message);
      const session = await (await sessions(run)).send({ sessionId: String(sessionId), text });
      return {
        value: { session_id: session.id, turn: session.turnCount, state: session.state, sent_chars: text.length },
        human: () => `sent to ${session.id} (turn ${session.turnCount})`,
      };
    },
  );

  defineAction(
    program.command('keys <session-id> <keys...>').description('send named keys (Enter, Escape, C-c, y, …); needs policy.allow_raw_keys'),
    run,
    async ([sessionId, keys]) => {
      const session = await (await sessions(run)).keys({ sessionId: String(sessionId), keys: keys as string[] });
      return {
        value: { session_id: session.id, keys, state: session.state },
        human: () => `sent ${(keys as string[]).join(' ')} to ${session.id}`,
      };
    },
  );

  defineAction(
    program
      .command('interrupt <session-id>')
      .description("interrupt the worker's current turn")
      .option('--dry-run', 'show the keys without sending them'),
    run,
    async ([sessionId], options) => {
      const result = await (await sessions(run)).interrupt(String(sessionId), options.dryRun === true);
      return {
        value: { session_id: result.session.id, keys: result.keys, dry_run: result.dryRun, state: result.session.state },
        human: () => `${result.dryRun ? 'would send' : 'sent'} ${result.keys.join(' ')} to ${result.session.id}`,
      };
    },
  );

  defineAction(
    program.command('attach <session-id>').description("open the worker's tmux pane in this terminal"),
    run,
    async ([sessionId], options) => {
      const command = await (await sessions(run)).attachCommand(String(sessionId));
      if (!options.json && process.stdout.isTTY && process.stdin.isTTY) {
        const result = spawnSync(command[0] ?? 'tmux', command.slice(1), { stdio: 'inherit' });
        return { value: null, human: () => '', exitCode: result.status ?? 1 };
      }
      return { value: { session_id: sessionId, attach_command: command, command_line: command.join(' ') }, human: () => command.join(' ') };
    },
  );

  defineAction(
    program
      .command('transcript <session-id>')
      .description("the worker's output as plain text (redacted)")
      .option('--offset <bytes>', 'start of a byte range of the raw stream')
      .option('--limit <bytes>', 'length of the byte range')
      .option('--tail-lines <n>', 'the last N lines (default 80)'),
    run,
    async ([sessionId], options) => {
      const page = await (await sessions(run)).transcript({
        sessionId: String(sessionId),
        offset: parseCount(str(options.offset), '--offset', 0, 'INVALID_TRANSCRIPT_RANGE'),
        limit: parseCount(str(options.limit), '--limit', 1, 'INVALID_TRANSCRIPT_RANGE'),
        tailLines: parseCount(str(options.tailLines), '--tail-lines', 1, 'INVALID_TRANSCRIPT_RANGE'),
      });
      return {
        value: {
          session_id: sessionId,
          mode: page.mode,
          offset: page.offset,
          next_offset: page.nextOffset,
          has_more: page.hasMore,
          size_bytes: page.sizeBytes,
          text: page.text,
        },
        human: () => page.text,
      };
    },
  );

  defineAction(program.command('artifacts <session-id>').description("list a session's collected artifacts"), run, async ([sessionId]) => {
    const artifacts = await (await sessions(run)).artifacts(String(sessionId));
    const rows = artifacts.map(artifactView);
    return {
      value: { session_id: sessionId, artifacts: rows },
      human: () =>
        rows.length
          ? table(
              ['kind', 'bytes', 'path'],
              rows.map((row) => [row.kind, row.size_bytes, row.path]),
              120,
            )
          : `no artifacts yet: agentpool collect ${String(sessionId)}`,
    };
  });

  defineAction(
    program
      .command('collect <session-id>')
      .description("gather the current turn's result block, transcript, screen, git status and diff")
      .option('--turn <n>', 'the result of an earlier turn (1 is the task; each send starts the next)'),
    run,
    async ([sessionId], options) => {
      const result = await (await sessions(run)).collect({
        sessionId: String(sessionId),
        turn: parseCount(str(options.turn), '--turn', 1),
      });
      const value = {
        session_id: result.session.id,
        state: result.session.state,
        turn: result.turn,
        result: result.result ? resultView(result.result) : null,
        result_missing: result.result === null,
        result_source: result.resultSource,
        diff: diffView(result.diff),
        artifacts: result.artifacts.map(artifactView),
        warnings: result.warnings,
      };
      return {
        value,
        human: () =>
          [
            `${result.session.id}: ${result.session.state} (turn ${result.turn})`,
            result.result
              ? `result (from the ${result.resultSource === 'signal' ? "worker's final reply" : 'screen'}):\n${result.result.text.replace(/^/gm, '  ')}`
              : 'result: missing (this turn delivered no result block)',
            value.diff
              ? `changed files: ${value.diff.changed_files.map((file) => `${file.status} ${file.path}`).join(', ') || 'none'}`
              : 'diff: none',
            `artifacts: ${value.artifacts.map((artifact) => artifact.kind).join(', ')}`,
            ...result.warnings.map((warning) => `warning: ${warning}`),
          ].join('\n'),
      };
    },
  );

  const session = program.command('session').description('one session');
  defineAction(session.command('show <session-id>').description("a session's record and live state"), run, async ([sessionId]) => {
    const manager = await sessions(run);
    const evaluated = await manager.show(String(sessionId));
    const view = sessionView(evaluated.session, await manager.attachCommand(String(sessionId)));
    const turns = (await manager.turns(String(sessionId))).map(turnView);
    return {
      value: { session: view, turns, events: (await manager.events(String(sessionId))).slice(-20).map(eventView) },
      human: () => keyValues(Object.entries(view)),
    };
  });

  defineAction(
    program
      .command('sessions')
      .description('list sessions, newest first')
      .option('--state <state>', 'only sessions in this state')
      .option('--provider <id>', 'only this provider')
      .option('--live', 'only sessions that have not ended')
      .option('--limit <n>', 'how many', '50')
      .option('--offset <n>', 'skip this many', '0')
      .option('--recent <n>', 'the N most recent (same as --limit N)'),
    run,
    async (_args, options) => {
      const state = oneOf(str(options.state), SESSION_STATES, '--state', 'agentpool sessions --state working --json');
      const limit = parseCount(str(options.recent), '--recent', 1) ?? parseCount(str(options.limit), '--limit', 1) ?? 50;
      const list = await (await sessions(run)).list({
        state,
        provider: str(options.provider),
        includeEnded: options.live !== true,
        limit,
        offset: parseCount(str(options.offset), '--offset', 0) ?? 0,
      });
      const views = list.map((item) => sessionView(item));
      return {
        value: { sessions: views, count: views.length },
        human: () =>
          views.length
            ? table(
                ['id', 'provider', 'state', 'turn', 'isolation', 'created', 'task'],
                views.map((view) => [
                  view.id,
                  view.provider,
                  view.state,
                  view.turn,
                  view.isolation,
                  view.created_at.slice(0, 19),
                  view.task,
                ]),
              )
            : 'no sessions',
      };
    },
  );

  defineAction(
    program
      .command('terminate <session-id>')
      .description('stop a worker (idempotent)')
      .option('--dry-run', 'show what would happen, change nothing'),
    run,
    async ([sessionId], options) => {
      const result = await (await sessions(run)).terminate(String(sessionId), options.dryRun === true);
      const value = {
        session_id: result.session.id,
        state: result.state,
        current_state: result.currentState,
        would_terminate_runtime: result.wouldTerminateRuntime,
        already_terminated: result.alreadyTerminated,
        dry_run: result.dryRun,
      };
      return {
        value,
        human: () =>
          result.dryRun
            ? `would terminate ${result.session.id} (now ${result.currentState}; tmux session ${result.wouldTerminateRuntime ? 'exists' : 'already gone'})`
            : result.alreadyTerminated
              ? `${result.session.id} was already terminated (${result.state})`
              : `terminated ${result.session.id} (${result.state})`,
      };
    },
  );
}
