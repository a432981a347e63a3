export type { AgentPool, AgentPoolOptions } from './agent-pool.js';
export { createAgentPool, initHome } from './agent-pool.js';
export type { CheckStatus, DoctorCheck, DoctorReport, PrivacyReport } from './doctor.js';
export type { Inventory, ProviderInventoryRow } from './inventory.js';
export { loadProviderPlugin } from './plugin-loader.js';
export type { CapabilitiesView } from './provider-view.js';
export { capabilitiesView, providerView } from './provider-view.js';
export type { SmokeReport, SmokeRequest, SmokeStep } from './smoke.js';
