import { execFile } from 'node:child_process';
import type { AgentPoolConfig, ProviderAdapter, ProviderContext } from '@agentpool/core';
import type { TmuxRuntime } from '@agentpool/tmux-runtime';
import { DETECT_TIMEOUT_MS, detectWithin } from './bounded-detect.js';
import type { LoadedProviders } from './provider-loading.js';
import { type CapabilitiesView, capabilitiesView } from './provider-view.js';

export interface ProviderInventoryRow {
  /** The provider id; null on the row of a plugin that failed to load (its id is unknown). */
  readonly id: string | null;
  readonly display_name: string | null;
  readonly test_only: boolean;
  readonly installed: boolean;
  readonly binary_path: string | null;
  readonly version: string | null;
  readonly auth: { readonly status: string; readonly confidence: string; readonly reason: string };
  readonly capabilities: CapabilitiesView | null;
  /** Whether the adapter can list models and probe usage (those are separate commands). */
  readonly features: { readonly models: boolean; readonly usage: boolean; readonly native_signals: boolean } | null;
  /** Why detection failed, when the adapter threw or took too long (a broken plugin), else null. */
  readonly detect_error: string | null;
  /** The config plugin that provides it; null for built-in providers. */
  readonly plugin: string | null;
  /** Why the plugin could not be loaded; such a row stands for the plugin, not a provider. */
  readonly load_error: string | null;
}

export interface Inventory {
  readonly providers: readonly ProviderInventoryRow[];
  readonly runtimes: {
    readonly tmux: { readonly installed: boolean; readonly version: string | null; readonly socket: string };
    readonly git: { readonly installed: boolean; readonly version: string | null };
    readonly node: { readonly version: string };
  };
  readonly policy: AgentPoolConfig['policy'];
  readonly home: string;
  readonly checked_at: string;
}

export function commandVersion(binary: string, args: readonly string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(binary, [...args], { encoding: 'utf8', timeout: 5000 }, (error, stdout) =>
      resolve(error ? null : (stdout.trim().split('\n')[0] ?? null)),
    );
  });
}

/** The row of a config plugin that could not be loaded: every provider fact unknown, the error said. */
function failedPluginRow(plugin: string, error: Error): ProviderInventoryRow {
  return {
    id: null,
    display_name: null,
    test_only: false,
    installed: false,
    binary_path: null,
    version: null,
    auth: { status: 'unknown', confidence: 'unknown', reason: 'plugin failed to load' },
    capabilities: null,
    features: null,
    detect_error: null,
    plugin,
    load_error: error.message,
  };
}

export interface InventorySources {
  readonly adapters: readonly ProviderAdapter[];
  readonly providers: Pick<LoadedProviders, 'pluginOf' | 'pluginFailures'>;
  readonly contextFor: (id: string) => ProviderContext;
  readonly runtime: TmuxRuntime;
  readonly config: AgentPoolConfig;
  readonly home: string;
  /** How long each adapter's detect may take (default DETECT_TIMEOUT_MS). */
  readonly detectTimeoutMs?: number | undefined;
}

/** What is installed and usable, without a network call or a usage probe. Every detect is bounded in time. */
export async function buildInventory(sources: InventorySources): Promise<Inventory> {
  const { adapters, contextFor, runtime, config, home } = sources;
  const [rows, tmuxVersion, gitVersion] = await Promise.all([
    Promise.all(
      adapters.map(async (adapter): Promise<ProviderInventoryRow> => {
        let detectError: string | null = null;
        const installation = await detectWithin(adapter, contextFor(adapter.id), sources.detectTimeoutMs ?? DETECT_TIMEOUT_MS).catch(
          (error: unknown) => {
            // A failing detect is reported on the row, not hidden behind "not installed".
            detectError = error instanceof Error ? error.message : String(error);
            return null;
          },
        );
        return {
          id: adapter.id,
          display_name: adapter.displayName,
          test_only: adapter.testOnly === true,
          installed: installation !== null,
          binary_path: installation?.binaryPath ?? null,
          version: installation?.version ?? null,
          auth: installation?.auth ?? {
            status: 'unknown',
            confidence: 'unknown',
            reason: detectError ? `detect failed: ${detectError}` : 'not installed',
          },
          detect_error: detectError,
          capabilities: capabilitiesView(adapter.capabilities),
          features: {
            models: typeof adapter.models === 'function',
            usage: typeof adapter.probeUsage === 'function',
            native_signals: typeof adapter.signals === 'function',
          },
          plugin: sources.providers.pluginOf.get(adapter.id) ?? null,
          load_error: null,
        };
      }),
    ),
    runtime.version(),
    commandVersion('git', ['--version']),
  ]);
  return {
    providers: [
      // Ids are plain lowercase ASCII: a code-unit comparison orders them, without loading a locale collator at start-up.
      ...rows.sort((a, b) => ((a.id ?? '') < (b.id ?? '') ? -1 : (a.id ?? '') > (b.id ?? '') ? 1 : 0)),
      ...sources.providers.pluginFailures.map((failure) => failedPluginRow(failure.plugin, failure.error)),
    ],
    runtimes: {
      tmux: { installed: tmuxVersion !== null, version: tmuxVersion, socket: runtime.socketPath },
      git: { installed: gitVersion !== null, version: gitVersion },
      node: { version: process.version },
    },
    policy: config.policy,
    home,
    checked_at: new Date().toISOString(),
  };
}
