import type { ProviderAdapter, ProviderCapabilities } from '@agentpool/core';
import type { LoadedProviders } from './provider-loading.js';

/** An adapter's capabilities as JSON output shows them (snake_case, like every agentpool JSON key). */
export function capabilitiesView(capabilities: ProviderCapabilities) {
  return {
    prompt_modes: [...capabilities.promptModes],
    default_prompt_mode: capabilities.defaultPromptMode,
    model_selection: capabilities.modelSelection,
    any_model: capabilities.anyModel === true,
    read_only: capabilities.readOnly,
    reasoning_efforts: [...(capabilities.reasoningEfforts ?? [])],
    service_tiers: [...(capabilities.serviceTiers ?? [])],
    turn_start_grace_ms: capabilities.turnStartGraceMs ?? 0,
    command_line_exposure: capabilities.commandLineExposure ?? null,
  };
}

export type CapabilitiesView = ReturnType<typeof capabilitiesView>;

/** A row of `agentpool providers`: a registered adapter, or a config plugin that failed to load (id null, load_error set). */
export interface ProviderRow {
  readonly id: string | null;
  readonly display_name: string | null;
  readonly test_only: boolean;
  readonly specification_version: string | null;
  readonly capabilities: CapabilitiesView | null;
  /** The config plugin it comes from; null for built-in providers. */
  readonly plugin: string | null;
  readonly load_error: string | null;
}

export function providerView(adapter: ProviderAdapter, plugin: string | null = null): ProviderRow {
  return {
    id: adapter.id,
    display_name: adapter.displayName,
    test_only: adapter.testOnly === true,
    specification_version: adapter.specificationVersion,
    capabilities: capabilitiesView(adapter.capabilities),
    plugin,
    load_error: null,
  };
}

/** Registered providers (test-only ones when asked for), then one row per plugin that failed to load. */
export function providerRows(loaded: LoadedProviders, options: { includeTestOnly?: boolean } = {}): ProviderRow[] {
  return [
    ...loaded.registry.list(options).map((adapter) => providerView(adapter, loaded.pluginOf.get(adapter.id) ?? null)),
    ...loaded.pluginFailures.map((failure) => ({
      id: null,
      display_name: null,
      test_only: false,
      specification_version: null,
      capabilities: null,
      plugin: failure.plugin,
      load_error: failure.error.message,
    })),
  ];
}
