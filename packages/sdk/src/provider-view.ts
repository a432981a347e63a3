import type { ProviderAdapter, ProviderCapabilities } from '@agentpool/core';

/** An adapter's capabilities as JSON output shows them (snake_case, like every agentpool JSON key). */
export function capabilitiesView(capabilities: ProviderCapabilities) {
  return {
    prompt_modes: [...capabilities.promptModes],
    default_prompt_mode: capabilities.defaultPromptMode,
    model_selection: capabilities.modelSelection,
    read_only: capabilities.readOnly,
  };
}

export type CapabilitiesView = ReturnType<typeof capabilitiesView>;

/** A registered provider as `agentpool providers` lists it. */
export function providerView(adapter: ProviderAdapter) {
  return {
    id: adapter.id,
    display_name: adapter.displayName,
    test_only: adapter.testOnly === true,
    specification_version: adapter.specificationVersion,
    capabilities: capabilitiesView(adapter.capabilities),
  };
}
