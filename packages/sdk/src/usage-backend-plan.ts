import { AgentPoolError, type UsageBackendsConfig } from '@agentpool/core';
import { type BackendLocation, locateBackend, USAGE_BACKENDS, type UsageBackend, type UsageBackendChoice } from '@agentpool/usage';

/** What one usage refresh reads: the choice, and where each external backend is (installed or not). */
export interface UsageBackendPlan {
  readonly choice: UsageBackendChoice;
  readonly locations: readonly BackendLocation[];
}

/** The default: the providers' own probes only. */
export const NATIVE_USAGE_PLAN: UsageBackendPlan = { choice: 'native', locations: [] };

/** One installed backend a provider is read with. */
export interface PlannedBackend {
  readonly backend: UsageBackend;
  readonly path: string;
}

/** An external backend as `usage --json` lists it under `backends`. */
export interface UsageBackendView {
  readonly name: string;
  readonly installed: boolean;
  /** Whether this refresh ran it (for the providers it reads). */
  readonly used: boolean;
  readonly command: string;
  readonly path: string | null;
  readonly providers: readonly string[];
  /** Why it is not installed, and how to install it; null when installed. */
  readonly reason: string | null;
  readonly install_hint: string | null;
}

/**
 * Locates every external backend (running nothing). A backend asked for by name that is not
 * installed is USAGE_BACKEND_NOT_INSTALLED (exit 2) naming how to install it; under `combined` a
 * missing one is only listed as not installed.
 */
export function planUsageBackends(
  choice: UsageBackendChoice,
  env: Readonly<Record<string, string | undefined>>,
  config: UsageBackendsConfig,
): UsageBackendPlan {
  const locations = USAGE_BACKENDS.map((backend) => locateBackend(backend, env, config[backend.name].command));
  const asked = locations.find((location) => location.name === choice);
  if (asked && !asked.installed) {
    throw new AgentPoolError(
      'USAGE_BACKEND_NOT_INSTALLED',
      `The ${asked.name} usage backend is not installed: ${asked.reason}. To use it, ${asked.installHint}; --backend combined reads every backend that is installed.`,
      {
        details: { backend: asked.name, command: asked.command, install: asked.installHint },
        hint: 'agentpool usage --backend combined',
      },
    );
  }
  return { choice, locations };
}

/** The installed backends a provider is read with under `plan`. */
export function plannedBackends(plan: UsageBackendPlan, providerId: string): PlannedBackend[] {
  const planned: PlannedBackend[] = [];
  for (const location of plan.locations) {
    if (!location.installed || (plan.choice !== 'combined' && plan.choice !== location.name)) continue;
    const backend = USAGE_BACKENDS.find((candidate) => candidate.name === location.name);
    if (backend?.providers.includes(providerId)) planned.push({ backend, path: location.path });
  }
  return planned;
}

/** Whether `plan` runs the providers' own probes. */
export const runsNative = (plan: UsageBackendPlan): boolean => plan.choice === 'native' || plan.choice === 'combined';

/** The provider ids a single backend reads (every provider for native and combined). */
export function backendProviders(choice: UsageBackendChoice): readonly string[] | null {
  return USAGE_BACKENDS.find((backend) => backend.name === choice)?.providers ?? null;
}

export function backendViews(plan: UsageBackendPlan): UsageBackendView[] {
  return plan.locations.map((location) => {
    const backend = USAGE_BACKENDS.find((candidate) => candidate.name === location.name);
    return {
      name: location.name,
      installed: location.installed,
      used: location.installed && (plan.choice === 'combined' || plan.choice === location.name),
      command: location.command,
      path: location.installed ? location.path : null,
      providers: [...(backend?.providers ?? [])],
      reason: location.installed ? null : location.reason,
      install_hint: location.installed ? null : location.installHint,
    };
  });
}
