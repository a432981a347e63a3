import type { ConversationLocation, ResumeRequest } from './conversation-resume.js';
import type { ProbeStateStore, TokenLogSource } from './local-token-log.js';
import type { ProbeTerminal } from './probe-terminal.js';
import type { SessionState } from './session-state.js';
import type { UsageReport } from './usage-window.js';
import type { SignalRecord, SignalRecorder, SignalSource, WorkerSignal } from './worker-signal.js';

/** How the first task reaches the worker. */
export type PromptMode = 'arg' | 'send_after_launch' | 'stdin';
/** `provider_default` lets the adapter choose; the resolved mode is recorded on the session. */
export type PromptModeRequest = PromptMode | 'provider_default';

export type Isolation = 'read_only' | 'shared' | 'worktree';
export const ISOLATIONS: readonly Isolation[] = ['read_only', 'shared', 'worktree'];

export type WorkerRole = 'explorer' | 'reviewer' | 'implementer' | 'tester' | 'custom';
export const WORKER_ROLES: readonly WorkerRole[] = ['explorer', 'reviewer', 'implementer', 'tester', 'custom'];

/** Facts an adapter may use while detecting or launching. Everything is injected so tests can run in a temp home. */
export interface ProviderContext {
  /** The environment agentpool runs in (PATH, HOME, provider homes). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The agentpool home folder. */
  readonly home: string;
  /** Provider settings from config `providers.<id>` (binary override, extra args, …). */
  readonly settings: ProviderSettings;
  /** The account a launch or probe is for; absent means the provider's default home. */
  readonly account?: AccountContext | undefined;
  /** Aborted when the caller stops waiting (a time bound ran out, a client cancelled); honour it in detect, models and probes. */
  readonly signal?: AbortSignal | undefined;
  /** Where probes keep state between runs (the store, wired by the sdk); absent: nothing is kept. */
  readonly probeState?: ProbeStateStore | undefined;
  /**
   * Present only when the caller asked for interactive probes (`agentpool usage --interactive`): a
   * private terminal in which a usage probe may start the provider's own TUI. Absent: a probe must
   * never start the TUI.
   */
  readonly probeTerminal?: ProbeTerminal | undefined;
}

/**
 * One account of a provider: its own home (`CODEX_HOME`, `CLAUDE_CONFIG_DIR`, …) and environment.
 * Launches and probes for an account must use this home and nothing of the default one.
 */
export interface AccountContext {
  /** Stable id of the account (`work`, `personal-2`). */
  readonly id: string;
  /** The provider home folder for this account, when it has one. */
  readonly home?: string | undefined;
  /** Environment the account adds (the home variable, a credential file path). Never logged. */
  readonly env: Readonly<Record<string, string>>;
  /**
   * The home was made for this one call and is removed after it (`pool status` reads each account
   * so): the adapter may put into it state that is slow to create and holds nothing of an account.
   */
  readonly disposable?: boolean | undefined;
}

/**
 * How a provider keeps one account in a home folder, so a worker can run on a pool account in a
 * private copy of it: which variable points the CLI at the home, which file holds the login, and
 * what of a source home is per-run state that a worker's copy leaves out.
 */
export interface AccountHomeLayout {
  /** The variable that points the CLI at its home (`CODEX_HOME`, `CLAUDE_CONFIG_DIR`). */
  readonly homeVariable: string;
  /** The login file's name inside the home (`auth.json`, `.credentials.json`); the picked auth file is copied in under it (0600). */
  readonly authFile: string;
  /**
   * Names (top-level files or folders of the source home; `*` matches any run of characters) never
   * copied into a worker's home: sessions, logs, history, databases, caches, locks. The login file
   * is never copied from the source either: it comes from the account's auth file.
   */
  readonly skip: readonly string[];
}

export interface ProviderSettings {
  /** Path or name of the binary to run instead of the adapter's default. */
  readonly binary?: string | undefined;
  /** Model used when a spawn names none. */
  readonly defaultModel?: string | undefined;
  /** Extra arguments appended to every launch. */
  readonly extraArgs?: readonly string[] | undefined;
  /** Extra environment for every launch. */
  readonly env?: Readonly<Record<string, string>> | undefined;
}

export type AuthStatus = 'authenticated' | 'unauthenticated' | 'unknown' | 'not_required';

/** What `detect` found, without touching the network. */
export interface Installation {
  /** Absolute path of the binary that would run. */
  readonly binaryPath: string;
  /** Version as the binary reports it, when it could be read cheaply. */
  readonly version: string | null;
  readonly auth: {
    readonly status: AuthStatus;
    /** How sure the adapter is: from a credential file on disk, from a CLI status command, or a guess. */
    readonly confidence: 'official' | 'local_cli' | 'observed' | 'estimated' | 'unknown';
    /** Why, in a few words ("~/.codex/auth.json present"). Never a credential. */
    readonly reason: string;
  };
}

/** What the caller asked for, as the adapter sees it. */
export interface LaunchRequest {
  readonly sessionId: string;
  /** The full initial prompt (task plus agentpool's result protocol). */
  readonly prompt: string;
  /** The mode the caller asked for; the adapter resolves `provider_default`. */
  readonly promptMode: PromptModeRequest;
  /** The folder the worker works in (the repo, or its worktree). */
  readonly cwd: string;
  readonly isolation: Isolation;
  /**
   * With `worktree` isolation: the main repository's git folder (its `git rev-parse
   * --git-common-dir`, absolute). Commits made in the worktree write objects and refs there, so an
   * adapter whose CLI confines writes to `cwd` (a sandbox, allowed folders) must let it write this
   * folder too. Absent otherwise, and from an older agentpool.
   */
  readonly gitCommonDir?: string | undefined;
  /**
   * With `worktree` isolation: the worktree's own git folder (`<gitCommonDir>/worktrees/<name>`,
   * its index and HEAD). Codex's sandbox keeps a writable root's git folder read-only unless it is
   * named as a writable root itself.
   */
  readonly worktreeGitDir?: string | undefined;
  readonly role: WorkerRole;
  readonly model?: string | undefined;
  /** Reasoning effort to run with; only ever one of `capabilities.reasoningEfforts` (agentpool refuses others). */
  readonly reasoningEffort?: string | undefined;
  /** Service tier to run with; only ever one of `capabilities.serviceTiers`. */
  readonly serviceTier?: string | undefined;
  /** The session's private folder, for settings files and native signal outputs. */
  readonly sessionDir: string;
  readonly context: ProviderContext;
  /** How hook or notify programs hand records to agentpool (see `SignalRecorder`). Absent for adapters loaded by an older agentpool. */
  readonly signalRecorder?: SignalRecorder | undefined;
}

/** How to start the worker. agentpool runs `argv` directly (never through a shell) in a tmux pane. */
export interface LaunchSpec {
  /** Program and arguments. With prompt mode `arg`, the prompt is already in here. */
  readonly argv: readonly string[];
  /** Environment the worker gets on top of the caller's (through a private file, never the process table). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  /** The mode actually used. */
  readonly promptMode: PromptMode;
  /** Named keys that submit pasted input (usually `['Enter']`). */
  readonly submitKeys: readonly string[];
  /** Named keys that interrupt the current turn (`['Escape']` or `['C-c']`). */
  readonly interruptKeys: readonly string[];
  /** How isolation is enforced: by the provider's own sandbox flag, or only asked for in the prompt. */
  readonly isolationEnforcement: 'provider_flag' | 'prompt_only' | 'not_needed';
}

/** A rendered terminal screen, as tmux shows it (no escape sequences). */
export interface Screen {
  readonly lines: readonly string[];
  readonly width: number;
  readonly height: number;
}

/** Facts the classifier may use beside the screen. */
export interface ClassifyContext {
  /**
   * Texts agentpool sent to the worker in this session (the prompt, follow-ups). The screen given
   * to `classify` already has lines echoing them removed; adapters must still never treat the
   * caller's own words as evidence.
   */
  readonly sentTexts: readonly string[];
}

/** A state the screen shows. `unknown` means "nothing recognisable": agentpool falls back to quiescence. */
export type ScreenState = Exclude<SessionState, 'completed' | 'exited' | 'cancelled' | 'starting'> | 'ready' | 'unknown';

export interface Observation {
  /**
   * `ready` means the worker shows its empty input prompt; agentpool turns that into `completed`
   * when the current turn delivered a result block, otherwise `idle`.
   */
  readonly state: ScreenState;
  /** 0..1: how sure the rule is. */
  readonly confidence: number;
  /** The screen lines that matched, for the caller to check. */
  readonly evidence: readonly string[];
  /** The rule that matched, for debugging (`footer.question`). */
  readonly rule?: string | undefined;
  /**
   * For a `startup_prompt`: what it asks and, when agentpool may answer it for the caller (a
   * trust prompt for the worker's own folder, with `--accept-startup-trust`), the named keys that
   * accept it. Never set for prompts that spend money or change the user's settings.
   */
  readonly startupPrompt?: { readonly kind: StartupPromptKind; readonly acceptKeys?: readonly string[] | undefined } | undefined;
}

/** What a startup prompt asks. */
export type StartupPromptKind = 'trust_folder' | 'api_key' | 'update' | 'onboarding' | 'login' | 'other';

export interface ModelInfo {
  readonly id: string;
  readonly displayName?: string | undefined;
  readonly isDefault?: boolean | undefined;
}

/** Per-worker native signal configuration (hooks, notify programs) and where their records arrive. */
export interface NativeSignals {
  /** Extra arguments for the launch (e.g. `--settings <file>`). */
  readonly args: readonly string[];
  /** Extra environment for the launch. */
  readonly env: Readonly<Record<string, string>>;
  /** Files to write before launch, relative to the session folder. */
  readonly files: readonly { readonly path: string; readonly content: string; readonly mode?: number }[];
  /**
   * Where the worker's signals arrive; agentpool watches each one and hands every record to the
   * adapter's `parseSignal`. File sources normally live in `LaunchRequest.signalRecorder.dir`.
   */
  readonly sources?: readonly SignalSource[] | undefined;
}

export interface ProviderCapabilities {
  /** Prompt modes this provider supports; asking for another is refused, never ignored. */
  readonly promptModes: readonly PromptMode[];
  readonly defaultPromptMode: PromptMode;
  /** Whether the provider can be told which model to use. */
  readonly modelSelection: boolean;
  /** How read_only isolation is enforced. */
  readonly readOnly: 'provider_flag' | 'prompt_only';
  /**
   * With model selection: whether a model outside the provider's catalog (`models`) is passed on
   * (`true`: the CLI accepts any name, e.g. through a provider prefix) or refused with the known ones.
   */
  readonly anyModel?: boolean | undefined;
  /** Reasoning efforts the CLI takes (`low`, `medium`, `high`, …); absent: asking for one is refused. */
  readonly reasoningEfforts?: readonly string[] | undefined;
  /** Service tiers the CLI takes (`flex`, `priority`, …); absent: asking for one is refused. */
  readonly serviceTiers?: readonly string[] | undefined;
  /**
   * How long after input a worker may take before it shows any sign of work (ms). Until then an
   * unchanged input prompt is not read as "idle". Default 0. (Codex shows its input box for
   * seconds before it reads a prompt; Claude Code redraws its footer after a paste.)
   */
  readonly turnStartGraceMs?: number | undefined;
  /**
   * What of a worker's work this provider puts on a command line, where any local user can read it
   * with `ps`, beyond a prompt passed in mode `arg` (`doctor --privacy` lists it). Absent: nothing.
   */
  readonly commandLineExposure?: string | undefined;
}

/**
 * A provider adapter, version 1. Built-in adapters and third-party plugins implement exactly this;
 * agentpool uses nothing else. Optional features are optional methods: when one is missing,
 * asking for it fails with `CAPABILITY_UNSUPPORTED` rather than being ignored.
 */
export interface ProviderAdapterV1 {
  readonly specificationVersion: 'v1';
  /** Stable id used on the command line (`codex-cli`, `claude-code`, `fake-question`). */
  readonly id: string;
  readonly displayName: string;
  /**
   * Test-only providers (the fakes) are left out of inventory unless asked for, and never count
   * as usable capacity.
   */
  readonly testOnly?: boolean;
  readonly capabilities: ProviderCapabilities;
  /** Finds the binary, its version and auth state. No network, no interactive prompts. */
  detect(context: ProviderContext): Promise<Installation | null>;
  /** Builds the launch for one worker. Pure: no processes, no files. */
  launch(request: LaunchRequest): LaunchSpec;
  /** Reads the screen. Pure. */
  classify(screen: Screen, context: ClassifyContext): Observation;
  models?(context: ProviderContext): Promise<ModelInfo[]>;
  signals?(request: LaunchRequest): NativeSignals;
  /**
   * Reads one record from a signal source declared by `signals`. Pure; returns null for records
   * that say nothing about the turn. Required when `signals` declares sources.
   */
  parseSignal?(record: SignalRecord): WorkerSignal | null;
  probeUsage?(context: ProviderContext): Promise<UsageReport>;
  /** The local logs that record this provider's token use, for the home of `context` (none: it keeps none). */
  tokenLogs?(context: ProviderContext): TokenLogSource[];
  /**
   * The provider's own id of the worker's conversation (Codex's thread id, Claude Code's session id),
   * when this signal record carries it; null otherwise. Pure. agentpool records the id on the session
   * so the conversation can be resumed later.
   */
  conversationId?(record: SignalRecord): string | null;
  /**
   * The files of a provider home that hold one conversation (absolute paths of those that exist),
   * copied into a new home before `resume` runs there. Reads the disk, writes nothing.
   */
  conversationFiles?(location: ConversationLocation): string[];
  /**
   * Builds the launch that continues a recorded conversation (Codex `codex resume <id>`, Claude
   * Code `--resume <id>`). Pure. The worker starts at its input prompt (prompt mode
   * `send_after_launch`); the conversation's earlier turns are in its context.
   */
  resume?(request: ResumeRequest): LaunchSpec;
  /** How this provider keeps an account in a home; absent: it cannot run on a pool account. */
  readonly accountHome?: AccountHomeLayout | undefined;
}

/** Any adapter version agentpool understands. */
export type ProviderAdapter = ProviderAdapterV1;
