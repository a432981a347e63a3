import { ccusageBackend } from './ccusage-backend.js';
import { codexbarBackend } from './codexbar-backend.js';
import type { UsageBackend } from './usage-backend.js';

/** Every external usage backend agentpool knows, in the order `combined` lists them. */
export const USAGE_BACKENDS: readonly UsageBackend[] = [codexbarBackend, ccusageBackend];
