import { mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import {
  type AccountContext,
  AgentPoolError,
  boundedCall,
  checkProviderOptions,
  echoValue,
  ISOLATIONS,
  type Isolation,
  type LaunchSpec,
  newSessionId,
  type PromptModeRequest,
  type ProviderAdapter,
  redact,
  SESSION_ID_PATTERN,
  SESSION_STATES,
  type SessionState,
  validateTask,
  WORKER_ROLES,
  type WorkerRole,
} from '@agentpool/core';
import type { SessionRecord } from '@agentpool/store';
import { gitCommonDir, gitTopLevel, headCommit } from './git.js';
import { planLaunch } from './launch-plan.js';
import { observeSession } from './observe-session.js';
import { createPrivateWorkerHome, privateWorkerHomePath, type WorkerHomeSource } from './private-worker-home.js';
import { composeInitialPrompt } from './prompt-composer.js';
import { reconcileSessions } from './reconcile-sessions.js';
import { deliverTurn } from './send-session.js';
import { filesOf, isoNow, type LaunchFacts, providerContext, type SessionContext } from './session-context.js';
import { createSessionDir, writePrivateFile } from './session-files.js';
import { signalRecorder } from './signal-recorder.js';
import { releaseWorkerAccount } from './worker-account-release.js';
import { workerEnvironment } from './worker-environment.js';
import { createWorktree, planWorktree } from './worktrees.js';

export interface SpawnRequest {
  readonly provider: string;
  readonly task: string;
  /** The repository or folder to work in (default: the current folder). */
  readonly repo: string;
  readonly role?: WorkerRole | undefined;
  readonly isolation?: Isolation | undefined;
  readonly model?: string | undefined;
  readonly promptMode?: PromptModeRequest | undefined;
  readonly maxRuntimeSeconds?: number | null | undefined;
  readonly maxTurns?: number | null | undefined;
  /** Reasoning effort, for providers that take one (`capabilities.reasoningEfforts`). */
  readonly reasoningEffort?: string | undefined;
  /** Service tier, for providers that take one (`capabilities.serviceTiers`). */
  readonly serviceTier?: string | undefined;
  /** Answer a "trust this folder" prompt for the worker's own folder (off by default: the session then reports `startup_prompt`). */
  readonly acceptStartupTrust?: boolean | undefined;
  /** The account (provider home and environment) to run the worker with; the provider's default home when absent. */
  readonly account?: AccountContext | undefined;
  /**
   * Continue an ended session's conversation instead of starting one (account rotation): the worker
   * is started with the adapter's `resume` in that session's work folder (its worktree, its diff
   * base), and `task` is the continuation message, sent as is once the worker shows its input prompt.
   */
  readonly resume?: SpawnResume | undefined;
  /**
   * A pool account to run the worker on, in a private home made for this session (see
   * createPrivateWorkerHome) and removed when it ends. Not together with `account`.
   */
  readonly poolAccount?: WorkerHomeSource | undefined;
  /** The id the session gets (the sdk picks a pool account for it first); a fresh one when absent. */
  readonly sessionId?: string | undefined;
}

export interface SpawnResume {
  /** The session whose conversation goes on (it must have ended: one conversation, one process). */
  readonly fromSessionId: string;
  /** The provider's id of that conversation (`providerSessionId` of the session). */
  readonly conversationId: string;
}

export interface SpawnResult {
  readonly session: SessionRecord;
  readonly attachCommand: readonly string[];
  readonly warnings: readonly string[];
}

/** How long `send_after_launch` waits for the worker's input prompt. */
const READY_TIMEOUT_MS = 30_000;
/** How long a provider's `detect` may take before the spawn fails. */
const DETECT_TIMEOUT_MS = 10_000;

function positiveIntOrNull(value: number | null | undefined, name: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isInteger(value) || value <= 0) {
    throw new AgentPoolError('INVALID_REQUEST', `${name} must be a positive whole number, got ${value}.`, {
      details: { [name]: value },
      hint: `agentpool spawn --provider <id> --task "…" --${name.replace(/_/g, '-')} 600`,
    });
  }
  return value;
}

/** What checking a spawn request needs: no store, nothing written. */
export type SpawnCheckContext = Pick<SessionContext, 'providers' | 'config' | 'env' | 'paths'>;

/**
 * The checks of a spawn request that need neither the store, git, tmux nor the provider's binary:
 * a caller can run them before opening anything, so bad input changes nothing, not even a fresh
 * home's database.
 */
export function checkSpawnRequest(context: SpawnCheckContext, request: SpawnRequest) {
  const adapter = context.providers.require(request.provider);
  const policy = context.config.policy;
  if (policy.denied_providers.includes(adapter.id) || (policy.allowed_providers && !policy.allowed_providers.includes(adapter.id))) {
    throw new AgentPoolError('POLICY_BLOCKED', `Policy does not allow provider ${adapter.id}.`, {
      details: { provider: adapter.id, allowed_providers: policy.allowed_providers, denied_providers: policy.denied_providers },
      hint: 'agentpool config print   (policy.allowed_providers / policy.denied_providers)',
    });
  }
  const task = validateTask(request.task, {
    promptMode:
      !request.promptMode || request.promptMode === 'provider_default' ? adapter.capabilities.defaultPromptMode : request.promptMode,
    promptModes: adapter.capabilities.promptModes,
    provider: adapter.id,
  });
  const role = request.role ?? 'custom';
  if (!WORKER_ROLES.includes(role)) {
    throw new AgentPoolError('INVALID_REQUEST', `Unknown role "${role}".`, {
      details: { valid: WORKER_ROLES },
      hint: 'agentpool spawn … --role explorer',
    });
  }
  const isolation = request.isolation ?? policy.default_isolation;
  if (!ISOLATIONS.includes(isolation)) {
    throw new AgentPoolError('INVALID_REQUEST', `Unknown isolation "${isolation}".`, {
      details: { valid: ISOLATIONS },
      hint: 'agentpool spawn … --isolation read_only',
    });
  }
  const repo = resolve(request.repo);
  let isDir = false;
  try {
    isDir = statSync(repo).isDirectory();
  } catch {
    isDir = false;
  }
  if (!isDir) {
    throw new AgentPoolError('INVALID_REPO', `The repo path is not a directory: ${repo}`, {
      details: { repo },
      hint: 'agentpool spawn … --repo <existing folder>',
    });
  }
  if (policy.require_worktree_for_edits && role === 'implementer' && isolation !== 'worktree') {
    throw new AgentPoolError('POLICY_BLOCKED', 'Policy requires implementer workers to run in a worktree.', {
      details: { role, isolation },
      hint: 'agentpool spawn … --role implementer --isolation worktree',
    });
  }
  const settings = providerContext(context, adapter.id).settings;
  const { promptMode, model, reasoningEffort, serviceTier } = checkProviderOptions(adapter, {
    promptMode: request.promptMode,
    model: request.model,
    defaultModel: settings.defaultModel,
    reasoningEffort: request.reasoningEffort,
    serviceTier: request.serviceTier,
  });
  const maxRuntimeSeconds = positiveIntOrNull(request.maxRuntimeSeconds ?? policy.default_max_runtime_seconds, 'max_runtime_seconds');
  const maxTurns = positiveIntOrNull(request.maxTurns ?? policy.default_max_turns, 'max_turns');
  return { adapter, task, role, isolation, repo, promptMode, maxRuntimeSeconds, maxTurns, model, reasoningEffort, serviceTier };
}

/** How long a provider's model catalog may take to read when a spawn names a model. */
const MODELS_TIMEOUT_MS = 10_000;

/** A named model must be in the provider's catalog unless the provider passes any name on. */
async function checkModel(
  context: SessionContext,
  adapter: ProviderAdapter,
  model: string | null,
  account?: AccountContext,
): Promise<void> {
  const models = adapter.models?.bind(adapter);
  if (!model || !models || adapter.capabilities.anyModel) return;
  const catalog = await boundedCall(`${adapter.id} models`, MODELS_TIMEOUT_MS, (signal) =>
    models({ ...providerContext(context, adapter.id), account, signal }),
  );
  if (catalog.some((known) => known.id === model)) return;
  const known = catalog.map((entry) => entry.id);
  throw new AgentPoolError(
    'INVALID_REQUEST',
    `${adapter.id} has no model "${echoValue(model, 60)}"; it knows ${known.join(', ') || 'none'}.`,
    {
      details: { provider: adapter.id, model: echoValue(model, 60), known },
      hint: `agentpool models --provider ${adapter.id}`,
    },
  );
}

/** Checks everything about a spawn request before anything is started or written. */
async function validateSpawn(context: SessionContext, request: SpawnRequest) {
  const checked = checkSpawnRequest(context, request);
  const { adapter, repo, isolation } = checked;
  await checkModel(context, adapter, checked.model, request.account);
  const repoTop = await gitTopLevel(repo);
  const baseCommit = repoTop ? await headCommit(repo) : null;
  if (isolation === 'worktree' && (!repoTop || !baseCommit)) {
    throw new AgentPoolError(
      'GIT_NOT_REPO',
      `Worktree isolation needs a git repository with at least one commit; ${repo} ${repoTop ? 'has no commit yet' : 'is not in one'}.`,
      {
        details: { repo },
        hint: 'Use --isolation read_only or shared, or run inside a git repository.',
      },
    );
  }
  const installation = await boundedCall(`${adapter.id} detect`, DETECT_TIMEOUT_MS, (signal) =>
    adapter.detect({ ...providerContext(context, adapter.id), account: request.account, signal }),
  );
  if (!installation) {
    throw new AgentPoolError('PROVIDER_NOT_INSTALLED', `${adapter.displayName} is not installed.`, {
      details: { provider: adapter.id },
      hint: 'agentpool inventory --json',
    });
  }
  await context.runtime.ensureAvailable();
  return { ...checked, repoTop, baseCommit };
}

/** States a worker can show once it has started (anything but `starting`). */
const STARTED_STATES: readonly SessionState[] = SESSION_STATES.filter((state) => state !== 'starting');
const READY_OR_BLOCKED: readonly SessionState[] = [
  'idle',
  'startup_prompt',
  'auth_required',
  'question',
  'approval_prompt',
  'error',
  'limit_reached',
];
const SETTLED_OR_BLOCKED: readonly SessionState[] = [...READY_OR_BLOCKED, 'completed'];
/** Trust prompts answered at most this often for one spawn (a CLI may ask for its folder and a parent). */
const MAX_TRUST_ANSWERS = 3;
/** How long a spawn with its task on the command line looks for a trust prompt to answer. */
const TRUST_LOOK_MS = 10_000;

/**
 * Waits for the worker's first screen that is past starting (for `send_after_launch`, its input
 * prompt or something blocking it; for a `resumed` conversation also its replayed last turn, which
 * reads as completed). With `acceptTrust`, a "trust this folder" prompt the adapter
 * can answer is answered with its keys and the wait goes on; any other prompt is left for the caller.
 */
async function waitPastStartup(context: SessionContext, sessionId: string, untilReady: boolean, acceptTrust: boolean, resumed: boolean) {
  for (let answered = 0; ; answered++) {
    // A CLI given its task on the command line draws (and reads as working) before it asks about
    // trust: to answer that question, look for a settled screen for a while, and take a worker still
    // working after it as one that was never asked.
    const lookForTrust = acceptTrust && !untilReady;
    const seen = await observeSession(context, {
      sessionId,
      waitFor: untilReady ? (resumed ? SETTLED_OR_BLOCKED : READY_OR_BLOCKED) : lookForTrust ? SETTLED_OR_BLOCKED : STARTED_STATES,
      timeoutMs: lookForTrust ? TRUST_LOOK_MS : READY_TIMEOUT_MS,
    });
    const evaluation = seen.evaluated.evaluation;
    const keys = evaluation.startupPrompt?.kind === 'trust_folder' ? evaluation.startupPrompt.acceptKeys : undefined;
    if (!acceptTrust || evaluation.state !== 'startup_prompt' || !keys?.length || answered >= MAX_TRUST_ANSWERS) return seen;
    await context.runtime.sendKeys(seen.evaluated.session.tmuxSession, keys);
    await context.store.sessions.apply(sessionId, {
      patch: { baseline: { state: 'startup_prompt', evidence: evaluation.evidence, at: context.now() } },
      events: [
        { type: 'startup_prompt_answered', state: 'startup_prompt', data: { kind: 'trust_folder', keys, evidence: evaluation.evidence } },
      ],
    });
  }
}

/** The ended session a resume continues, checked: same provider, ended, the adapter can resume. */
async function resumedSession(context: SessionContext, adapter: ProviderAdapter, resume: SpawnResume): Promise<SessionRecord> {
  const from = await context.store.sessions.require(resume.fromSessionId);
  if (typeof adapter.resume !== 'function') {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} cannot resume a conversation.`, {
      details: { provider: adapter.id, capability: 'resume' },
      hint: 'Only providers whose adapter has resume() can be rotated to another account.',
    });
  }
  if (from.provider !== adapter.id) {
    throw new AgentPoolError('INVALID_REQUEST', `Session ${from.id} ran ${from.provider}, not ${adapter.id}.`, {
      details: { session_id: from.id, provider: from.provider },
    });
  }
  if (from.endedAt === null) {
    throw new AgentPoolError('INVALID_REQUEST', `Session ${from.id} is still running; end it before its conversation is resumed.`, {
      details: { session_id: from.id, state: from.state },
      hint: `agentpool terminate ${from.id}`,
    });
  }
  return from;
}

/** The account context of a pool-account spawn: the private home's path and the provider's home variable. */
function poolAccountContext(context: SessionContext, adapter: ProviderAdapter, request: SpawnRequest, sessionId: string) {
  const source = request.poolAccount;
  if (!source) return null;
  if (request.account) {
    throw new AgentPoolError('INVALID_REQUEST', 'A spawn takes either an account context or a pool account, not both.', {
      hint: 'agentpool spawn --provider codex-cli --account work --task "…"',
    });
  }
  const layout = adapter.accountHome;
  if (!layout) {
    throw new AgentPoolError('CAPABILITY_UNSUPPORTED', `${adapter.id} cannot run on a pool account: it declares no account home layout.`, {
      details: { provider: adapter.id },
      hint: 'agentpool pool accounts list   (accounts are codex-cli or claude-code)',
    });
  }
  const home = privateWorkerHomePath(context.paths.homes, sessionId);
  const account: AccountContext = { id: source.label, home, env: { [layout.homeVariable]: home } };
  return { layout, source, account };
}

export async function spawnSession(context: SessionContext, request: SpawnRequest): Promise<SpawnResult> {
  if (request.sessionId !== undefined && !SESSION_ID_PATTERN.test(request.sessionId)) {
    throw new AgentPoolError('INVALID_REQUEST', `"${echoValue(request.sessionId, 40)}" is not a session id.`, {
      details: { session_id: echoValue(request.sessionId, 40) },
    });
  }
  const checked = await validateSpawn(context, request);
  const { adapter, isolation } = checked;
  const from = request.resume ? await resumedSession(context, adapter, request.resume) : null;
  await reconcileSessions(context);

  const sessionId = request.sessionId ?? newSessionId();
  const pooled = poolAccountContext(context, adapter, request, sessionId);
  const account = pooled?.account ?? request.account;
  const files = filesOf(context, sessionId);
  // A resumed worker goes on in the folder (and worktree) of the session it continues.
  const worktree =
    from === null && isolation === 'worktree' && checked.repoTop ? planWorktree(context, checked.repoTop, adapter.id, sessionId) : null;
  const workDir = from?.workDir ?? worktree?.path ?? checked.repo;
  // A resumed conversation already holds the task and the result protocol: the continuation goes as it is.
  const prompt = from ? checked.task : composeInitialPrompt(checked.task, checked.role, isolation);
  // The git folders a commit in the worktree writes: the main repository's, and the worktree's own
  // (git names it after the worktree folder, whose name is unique to this session).
  const commonDir = worktree && checked.repoTop ? await gitCommonDir(checked.repoTop) : null;
  const baseContext = providerContext(context, adapter.id);
  const launchRequest = {
    sessionId,
    prompt,
    promptMode: checked.promptMode,
    cwd: workDir,
    isolation,
    gitCommonDir: commonDir ?? undefined,
    worktreeGitDir: worktree && commonDir ? join(commonDir, 'worktrees', basename(worktree.path)) : undefined,
    role: checked.role,
    model: checked.model ?? undefined,
    reasoningEffort: checked.reasoningEffort,
    serviceTier: checked.serviceTier,
    sessionDir: files.dir,
    context: { ...baseContext, account },
    signalRecorder: signalRecorder(files.signalsDir),
  };
  const resume = adapter.resume?.bind(adapter);
  const spec: LaunchSpec =
    request.resume && resume ? resume({ ...launchRequest, conversationId: request.resume.conversationId }) : adapter.launch(launchRequest);
  const signals = adapter.signals?.(launchRequest);
  const sources = signals?.sources ?? [];
  if (sources.length > 0 && typeof adapter.parseSignal !== 'function') {
    throw new AgentPoolError('ADAPTER_FAILED', `${adapter.id} declares native signal sources but no parseSignal to read them.`, {
      details: { provider: adapter.id },
      retryable: false,
    });
  }
  const plan = planLaunch(adapter.id, spec, signals, baseContext.settings, prompt);
  const env = workerEnvironment({
    caller: context.env,
    allow: context.config.policy.worker_env_allow,
    deny: context.config.policy.worker_env_deny,
    layers: [
      baseContext.settings.env ?? {},
      account?.env ?? {},
      spec.env,
      signals?.env ?? {},
      { AGENTPOOL_SESSION_ID: sessionId, AGENTPOOL_SIGNAL_DIR: files.signalsDir },
    ],
  });
  const now = isoNow(context);
  const facts: LaunchFacts = {
    submitKeys: spec.submitKeys,
    interruptKeys: spec.interruptKeys,
    isolationEnforcement: spec.isolationEnforcement,
    launchArgv: plan.recordedArgv,
    paneSize: { cols: context.config.tmux.width, rows: context.config.tmux.height },
    signalSources: sources,
    turnStartGraceMs: adapter.capabilities.turnStartGraceMs ?? 0,
    promptInArgv: plan.promptArg !== null,
  };
  const session = await context.store.sessions.insertWithinCap(
    {
      id: sessionId,
      provider: adapter.id,
      role: checked.role,
      task: redact(checked.task),
      repoPath: checked.repo,
      workDir,
      isolation,
      model: checked.model,
      promptMode: spec.promptMode,
      state: 'starting',
      stateConfidence: 1,
      stateEvidence: [],
      tmuxSession: sessionId,
      maxRuntimeSeconds: checked.maxRuntimeSeconds,
      maxTurns: checked.maxTurns,
      deadlineAt: checked.maxRuntimeSeconds ? new Date(context.now() + checked.maxRuntimeSeconds * 1000).toISOString() : null,
      turnCount: 1,
      turnStartedAt: now,
      turnOffset: 0,
      baseCommit: from ? from.baseCommit : checked.baseCommit,
      worktreeId: from ? from.worktreeId : (worktree?.id ?? null),
      exitStatus: null,
      endReason: null,
      createdAt: now,
      endedAt: null,
      accountId: account?.id ?? null,
      providerSessionId: request.resume?.conversationId ?? null,
      metadata: {
        ...facts,
        // Where the worker's provider home is (a path, never its content): a resume carries its conversation from there.
        ...(account?.home ? { accountHome: account.home } : {}),
        ...(from ? { resumedFrom: from.id } : {}),
      } as unknown as Record<string, unknown>,
    },
    context.config.policy.max_parallel_sessions,
  );

  const fail = async (error: unknown, step: string): Promise<never> => {
    // The cause may quote the prompt or the environment: only a short, redacted part of it is kept or shown.
    const cause = echoValue(redact(String((error as Error)?.message ?? error)), 200);
    await context.store.sessions.apply(sessionId, {
      patch: { state: 'error', stateEvidence: [`spawn failed while ${step}`], endedAt: isoNow(context), endReason: 'spawn_failed' },
      events: [{ type: 'ended', state: 'error', data: { end_reason: 'spawn_failed', step, message: cause } }],
    });
    await releaseWorkerAccount(context, { id: sessionId, accountId: account?.id ?? null, state: 'error' });
    throw new AgentPoolError('SPAWN_FAILED', `Could not start the worker (${step}): ${cause}`, {
      details: { session_id: sessionId, step },
      hint: `agentpool session show ${sessionId} --json`,
      cause: error,
    });
  };

  try {
    createSessionDir(files.dir);
    mkdirSync(files.signalsDir, { recursive: true, mode: 0o700 });
    writePrivateFile(files.prompt, `${redact(prompt)}\n`);
    if (spec.promptMode === 'stdin') writePrivateFile(files.promptInput, prompt);
    for (const file of signals?.files ?? []) writePrivateFile(resolve(files.dir, file.path), file.content);
    if (pooled) createPrivateWorkerHome(context.paths.homes, sessionId, pooled.layout, pooled.source);
    await context.store.sessions.apply(sessionId, {
      patch: {},
      turn: {
        number: 1,
        startedAt: now,
        streamOffset: 0,
        sentText: redact(prompt),
        sentChars: prompt.length,
        deliveredAt: spec.promptMode === 'send_after_launch' ? null : now,
      },
    });
  } catch (error) {
    return fail(error, pooled ? 'writing the session folder and the private account home' : 'writing the session folder');
  }
  let current = session;
  if (from?.worktreeId) await context.store.worktrees.reassign(from.worktreeId, sessionId);
  if (worktree && checked.repoTop && checked.baseCommit) {
    try {
      await createWorktree(context, worktree, checked.repoTop, checked.baseCommit, sessionId);
    } catch (error) {
      return fail(error, 'creating the worktree');
    }
  }
  const warnings: string[] = [];
  try {
    const pane = await context.runtime.startWorker({
      name: session.tmuxSession,
      argv: plan.argv,
      env,
      envFile: files.envFile,
      prompt: plan.promptArg === null ? undefined : { value: plan.promptArg, file: files.promptArg },
      cwd: spec.cwd,
      width: facts.paneSize.cols,
      height: facts.paneSize.rows,
      outputFile: files.stream,
      exitFile: files.exitStatus,
      endReasonFile: files.endReason,
      stdinFile: spec.promptMode === 'stdin' ? files.promptInput : undefined,
      maxRuntimeSeconds: checked.maxRuntimeSeconds,
    });
    if (pane.skippedEnv.length > 0) {
      warnings.push(
        `Environment variables a shell cannot pass on were left out: ${pane.skippedEnv.map((name) => echoValue(name, 40)).join(', ')}.`,
      );
    }
    current = await context.store.sessions.update(sessionId, { panePid: pane.pid });
  } catch (error) {
    return fail(error, 'starting the tmux pane');
  }
  await context.store.events.append({
    sessionId,
    type: 'spawned',
    state: 'starting',
    data: {
      provider: adapter.id,
      model: checked.model,
      account_id: account?.id ?? null,
      ...(pooled ? { worker_home: pooled.account.home } : {}),
      prompt_mode: spec.promptMode,
      isolation,
      isolation_enforcement: spec.isolationEnforcement,
      work_dir: workDir,
      native_signals: sources.map((source) => source.name),
      ...(from ? { resumed_from: from.id, provider_session_id: request.resume?.conversationId } : {}),
    },
  });

  if (isolation === 'read_only' && spec.isolationEnforcement === 'prompt_only') {
    warnings.push(`${adapter.id} has no read-only sandbox: read_only is only asked for in the prompt.`);
  }
  if (spec.promptMode === 'send_after_launch' || request.acceptStartupTrust) {
    const first = await waitPastStartup(
      context,
      sessionId,
      spec.promptMode === 'send_after_launch',
      request.acceptStartupTrust === true,
      from !== null,
    );
    const state = first.evaluated.evaluation.state;
    current = first.evaluated.session;
    // A resumed CLI draws the conversation it continues, the last turn's result block included: at
    // its input prompt that reads as `completed`, and is as ready for the continuation as `idle`.
    if (spec.promptMode === 'send_after_launch' && (state === 'idle' || (from !== null && state === 'completed'))) {
      current = await deliverTurn(context, first.evaluated, prompt, { countsAsNewTurn: false });
    } else if (spec.promptMode === 'send_after_launch') {
      const shown = first.evaluated.evaluation.evidence.slice(0, 3).join(' / ');
      warnings.push(
        `The worker did not show its input prompt within ${READY_TIMEOUT_MS / 1000} s (state: ${state}${shown ? `: ${shown}` : ''}); the task was not sent. ` +
          `Answer what it shows (agentpool attach ${sessionId}${state === 'startup_prompt' ? ', or spawn with --accept-startup-trust for a trust prompt' : ''}), then send the task with: agentpool send ${sessionId} --stdin < ${files.prompt}`,
      );
    }
  } else {
    current = (await context.store.sessions.get(sessionId)) ?? current;
  }
  return { session: current, attachCommand: context.runtime.attachCommand(session.tmuxSession), warnings };
}
