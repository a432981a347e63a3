import { execFile } from 'node:child_process';
import type { AgentPoolConfig, ProviderAdapter, ProviderContext } from '@agentpool/core';
import type { TmuxRuntime } from '@agentpool/tmux-runtime';
import { type CapabilitiesView, capabilitiesView } from './provider-view.js';

export interface ProviderInventoryRow {
  readonly id: string;
  readonly display_name: string;
  readonly test_only: boolean;
  readonly installed: boolean;
  readonly binary_path: string | null;
  readonly version: string | null;
  readonly auth: { readonly status: string; readonly confidence: string; readonly reason: string };
  readonly capabilities: CapabilitiesView;
  /** Whether the adapter can list models and probe usage (those are separate commands). */
  readonly features: { readonly models: boolean; readonly usage: boolean; readonly native_signals: boolean };
  /** Why detection failed, when the adapter threw (a broken plugin), else null. */
  readonly detect_error: string | null;
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

/** What is installed and usable, without a network call or a usage probe. */
export async function buildInventory(
  adapters: readonly ProviderAdapter[],
  contextFor: (id: string) => ProviderContext,
  runtime: TmuxRuntime,
  config: AgentPoolConfig,
  home: string,
): Promise<Inventory> {
  const [rows, tmuxVersion, gitVersion] = await Promise.all([
    Promise.all(
      adapters.map(async (adapter): Promise<ProviderInventoryRow> => {
        let detectError: string | null = null;
        const installation = await adapter.detect(contextFor(adapter.id)).catch((error: unknown) => {
          // A failing detect is reported on the row, not hidden behind "not installed".
          detectError = error instanceof Error ? error.message : String(error);
          return null;
        });
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
        };
      }),
    ),
    runtime.version(),
    commandVersion('git', ['--version']),
  ]);
  return {
    providers: rows.sort((a, b) => a.id.localeCompare(b.id)),
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
