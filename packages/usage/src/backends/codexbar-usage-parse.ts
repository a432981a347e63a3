import type { UsageConfidence } from '@agentpool/core';
import type { NormalisedUsageWindow } from '../normalised-window.js';
import { normaliseWindow } from '../normalised-window.js';
import { scrubSecrets } from '../secret-scrub.js';
import { collectWindow } from '../usage-report.js';
import { createSnapshot, type UsageSnapshot } from '../usage-snapshot.js';
import { CODEXBAR_PROVIDERS, type CodexBarSlot, extraWindowScope } from './codexbar-provider-map.js';
import type { BackendParseContext } from './usage-backend.js';

/** Source tag of the windows CodexBar reported. */
export const CODEXBAR_SOURCE = 'codexbar';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

/**
 * CodexBar reads each provider's own usage endpoint (OAuth, web, API or the provider's CLI) and
 * relays the figures: second-hand, so below this project's own probes, unless CodexBar itself calls
 * them estimated (`usage.dataConfidence: "estimated"`).
 */
function confidenceOf(usage: Record<string, unknown>): UsageConfidence {
  return usage.dataConfidence === 'estimated' ? 'estimated' : 'local_cli';
}

interface RawWindow {
  readonly name: string;
  readonly scope: string | null;
  readonly slot?: CodexBarSlot;
  readonly value: unknown;
}

/**
 * Reads `codexbar usage --provider <id> --format json`: a list of provider payloads
 * (`ProviderPayload` in CodexBar's `CLIPayloads.swift`) `{provider, source, usage: {primary,
 * secondary, tertiary: {usedPercent, windowMinutes, resetsAt ISO} | null, extraRateWindows: [{id,
 * title, window, usageKnown}], updatedAt, dataConfidence}, error: {code, message, kind} | null}`.
 * The payload of the provider asked for becomes one snapshot; a payload `error` is an `error`
 * snapshot with CodexBar's message (secrets scrubbed). Pure.
 */
export function parseCodexBarUsage(stdout: string, context: BackendParseContext): UsageSnapshot {
  const { providerId, observedAt } = context;
  const base = { providerId, accountId: context.accountId ?? null, fetchedAt: observedAt };
  const fail = (reason: string) => createSnapshot({ ...base, status: 'error', reason: `codexbar: ${reason}` });
  const entry = CODEXBAR_PROVIDERS[providerId];
  if (!entry) return createSnapshot({ ...base, status: 'unknown', reason: `codexbar does not read ${providerId}` });

  let body: unknown;
  try {
    body = JSON.parse(stdout);
  } catch {
    return fail(`printed output that is not JSON (${stdout.trim().length} characters)`);
  }
  const payloads = Array.isArray(body) ? body : isObject(body) ? [body] : null;
  if (payloads === null) return fail('printed JSON that is not a list of provider payloads');
  const payload = payloads.find((item) => isObject(item) && item.provider === entry.name) as Record<string, unknown> | undefined;
  if (!payload) {
    // `--provider` unknown to this CodexBar build, or an argument error: CodexBar answers with a `cli` payload.
    const cliError = payloads.find((item) => isObject(item) && isObject(item.error)) as Record<string, unknown> | undefined;
    if (cliError && isObject(cliError.error)) return fail(scrubSecrets(String(cliError.error.message ?? 'an error without a message')));
    return fail(`printed no payload for provider "${entry.name}"`);
  }
  if (isObject(payload.error)) {
    const message = scrubSecrets(String(payload.error.message ?? 'an error without a message'));
    return fail(`${message}${isNumber(payload.error.code) ? ` (code ${payload.error.code})` : ''}`);
  }
  const usage = payload.usage;
  if (!isObject(usage)) return createSnapshot({ ...base, status: 'unknown', reason: `codexbar reported no usage for ${entry.name}` });

  const updatedAt = typeof usage.updatedAt === 'string' && !Number.isNaN(Date.parse(usage.updatedAt)) ? usage.updatedAt : observedAt;
  const confidence = confidenceOf(usage);
  const raws: RawWindow[] = [];
  (['primary', 'secondary', 'tertiary'] as const).forEach((key, index) => {
    const slot = entry.slots[index] as CodexBarSlot;
    raws.push({ name: `codexbar ${slot.label}`, scope: slot.scope, slot, value: usage[key] });
  });
  const extras = Array.isArray(usage.extraRateWindows) ? usage.extraRateWindows : [];
  for (const extra of extras) {
    if (!isObject(extra) || typeof extra.id !== 'string' || extra.usageKnown === false) continue;
    const title = typeof extra.title === 'string' ? extra.title : extra.id;
    raws.push({ name: `codexbar ${title}`, scope: extraWindowScope(providerId, extra.id), value: extra.window });
  }

  const windows: NormalisedUsageWindow[] = [];
  const warnings: string[] = [];
  for (const raw of raws) {
    if (raw.value === null || raw.value === undefined) continue;
    if (!isObject(raw.value)) {
      warnings.push(`codexbar: window "${raw.name}" is not an object`);
      continue;
    }
    // CodexBar stands a 0 % window in for a lane the provider did not report: not a real window.
    if (raw.value.isSyntheticPlaceholder === true) continue;
    const minutes = raw.value.windowMinutes;
    collectWindow(
      normaliseWindow({
        name: raw.name,
        durationSeconds: isNumber(minutes) ? minutes * 60 : null,
        kind: raw.slot?.kind,
        scope: raw.scope,
        usedPercent: raw.value.usedPercent as number | null | undefined,
        resetsAt: typeof raw.value.resetsAt === 'string' ? raw.value.resetsAt : null,
        source: CODEXBAR_SOURCE,
        confidence,
        observedAt: updatedAt,
      }),
      windows,
      warnings,
    );
  }
  if (windows.length === 0) {
    return createSnapshot({
      ...base,
      status: warnings.length > 0 ? 'error' : 'unknown',
      reason: warnings[0] ?? `codexbar reported no usage windows for ${entry.name}`,
      warnings,
    });
  }
  return createSnapshot({ ...base, windows, warnings });
}
