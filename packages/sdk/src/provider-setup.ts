import { basename, join } from 'node:path';
import { type Installation, type LaunchRequest, type ProviderAdapter, sessionDir } from '@agentpool/core';
import type { AgentPool } from './agent-pool.js';
import { DETECT_TIMEOUT_MS, detectWithin } from './bounded-detect.js';
import { type ModelCatalogView, providerModelCatalog } from './model-catalog.js';
import { PROVIDER_SETUP_HINTS } from './provider-setup-hints.js';

/** What `agentpool setup <provider>` reports for one provider. Reads only local state: no network, no turn. */
export interface ProviderSetupReport {
  readonly provider: string;
  readonly display_name: string;
  readonly test_only: boolean;
  /** The config plugin that provides it; null for built-in providers. */
  readonly plugin: string | null;
  readonly installed: boolean;
  readonly binary_path: string | null;
  readonly version: string | null;
  readonly auth: { readonly status: string; readonly confidence: string; readonly reason: string };
  /** Installed, and its own state does not say it is signed out. */
  readonly ready: boolean;
  /** Why detection failed (the adapter threw or took longer than 5 s), else null. */
  readonly detect_error: string | null;
  readonly models: Omit<ModelCatalogView, 'provider' | 'display_name'>;
  readonly read_only: { readonly enforcement: 'provider_flag' | 'prompt_only'; readonly detail: string };
  readonly native_signals: {
    readonly available: boolean;
    /** Where a worker's signals arrive (names and kinds), as the adapter declares them for a launch. */
    readonly sources: readonly { readonly name: string; readonly kind: string }[];
    readonly detail: string;
  };
  /** The commands to run next, in order. */
  readonly next: readonly string[];
}

/** The signal sources an adapter declares, read from a launch that is never started (`signals` only builds descriptions). */
function signalSources(pool: AgentPool, adapter: ProviderAdapter): { sources: { name: string; kind: string }[]; error: string | null } {
  const signals = adapter.signals?.bind(adapter);
  if (!signals) return { sources: [], error: null };
  const dir = sessionDir(pool.paths, 'ses_setupcheck00');
  const request: LaunchRequest = {
    sessionId: 'ses_setupcheck00',
    prompt: '',
    promptMode: 'provider_default',
    cwd: pool.paths.home,
    isolation: 'read_only',
    role: 'custom',
    sessionDir: dir,
    context: pool.providerContext(adapter.id),
    signalRecorder: { dir: join(dir, 'signals'), argv: [process.execPath, '--agentpool-signal-recorder'] },
  };
  try {
    return { sources: (signals(request).sources ?? []).map((source) => ({ name: source.name, kind: source.kind })), error: null };
  } catch (error) {
    return { sources: [], error: error instanceof Error ? error.message : String(error) };
  }
}

function nextSteps(adapter: ProviderAdapter, installation: Installation | null, detectError: string | null, ready: boolean): string[] {
  const hint = PROVIDER_SETUP_HINTS[adapter.id] ?? {};
  const smoke = adapter.testOnly ? `agentpool smoke --provider ${adapter.id}` : `agentpool smoke --provider ${adapter.id} --real-read-only`;
  const spawn = `agentpool spawn --provider ${adapter.id} --repo . --task "Inspect the repo and summarise the build." --json`;
  if (detectError) return [`agentpool inventory --json   (detecting ${adapter.id} failed: fix that first)`];
  if (!installation) {
    return [
      hint.install ?? `install ${adapter.displayName} (see its documentation), or set providers.${adapter.id}.binary in config.yaml`,
      `agentpool setup ${adapter.id}`,
    ];
  }
  if (!ready) {
    const login =
      hint.login?.replace('{binary}', basename(installation.binaryPath)) ?? `sign in to ${adapter.displayName} with its own login`;
    return [login, `agentpool setup ${adapter.id}`, smoke];
  }
  if (installation.auth.status === 'unknown' && hint.login) {
    // Its own state does not say: the first turn will. Say how to sign in should it ask.
    return [smoke, spawn, `if it asks you to sign in: ${hint.login.replace('{binary}', basename(installation.binaryPath))}`];
  }
  return [smoke, spawn];
}

/**
 * One provider's set-up, from what is on this machine: binary and version, auth status from the
 * CLI's own local state (`detect`, bounded to 5 s), the model catalog with its default, how
 * read-only is enforced, which native signals it reports, and the next commands to run.
 */
export async function providerSetup(pool: AgentPool, adapter: ProviderAdapter, plugin: string | null = null): Promise<ProviderSetupReport> {
  let detectError: string | null = null;
  const [installation, catalog] = await Promise.all([
    detectWithin(adapter, pool.providerContext(adapter.id), DETECT_TIMEOUT_MS).catch((error: unknown) => {
      detectError = error instanceof Error ? error.message : String(error);
      return null;
    }),
    providerModelCatalog(pool, adapter),
  ]);
  const auth = installation?.auth ?? {
    status: 'unknown',
    confidence: 'unknown',
    reason: detectError ? `detect failed: ${detectError}` : 'not installed',
  };
  const ready = installation !== null && auth.status !== 'unauthenticated';
  const { provider: _provider, display_name: _name, ...models } = catalog;
  const signals = signalSources(pool, adapter);
  const readOnly = adapter.capabilities.readOnly;
  return {
    provider: adapter.id,
    display_name: adapter.displayName,
    test_only: adapter.testOnly === true,
    plugin,
    installed: installation !== null,
    binary_path: installation?.binaryPath ?? null,
    version: installation?.version ?? null,
    auth: { status: auth.status, confidence: auth.confidence, reason: auth.reason },
    ready,
    detect_error: detectError,
    models,
    read_only: {
      enforcement: readOnly,
      detail:
        readOnly === 'provider_flag'
          ? 'enforced by the CLI itself (its own read-only or plan mode)'
          : 'only asked for in the prompt: the CLI has no read-only mode, and spawn says so in a warning',
    },
    native_signals: {
      available: typeof adapter.signals === 'function',
      sources: signals.sources,
      detail: signals.error
        ? `the adapter failed to describe its signals: ${signals.error}`
        : typeof adapter.signals === 'function'
          ? 'its own events (hooks, notify) decide the state before the screen does'
          : 'none: the state is read from the screen, then silence',
    },
    next: nextSteps(adapter, installation, detectError, ready),
  };
}

/** `agentpool setup <provider|all>`: one provider (test-only ones included when named), or every registered one. */
export async function providersSetup(
  pool: AgentPool,
  options: { provider: string; includeTestProviders?: boolean | undefined },
): Promise<ProviderSetupReport[]> {
  const registry = await pool.providers();
  const adapters =
    options.provider === 'all'
      ? registry.list({ includeTestOnly: options.includeTestProviders === true })
      : [registry.require(options.provider)];
  const rows = await pool.providerRows({ includeTestProviders: true });
  const pluginOf = new Map(rows.map((row) => [row.id, row.plugin]));
  return Promise.all(adapters.map((adapter) => providerSetup(pool, adapter, pluginOf.get(adapter.id) ?? null)));
}
