import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProviderContext, UsageReport } from '@agentpool/core';
import { opencodeDataDir } from './opencode-data-dir.js';

export const OPENCODE_PROVIDER_ID = 'opencode';

/** Provider ids and credential types in `auth.json` (`{"anthropic":{"type":"oauth",…}}`); never a value. */
function storedCredentials(text: string): { id: string; type: string }[] | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  return Object.entries(value as Record<string, unknown>).map(([id, entry]) => {
    const type = (entry as { type?: unknown } | null)?.type;
    return { id, type: typeof type === 'string' ? type : 'unknown' };
  });
}

/**
 * opencode has no usage endpoint of its own: its stored auth (`auth.json`) holds credentials for
 * the model providers it calls, whose limits belong to those providers' accounts (a Claude or
 * ChatGPT subscription is read by agentpool's own probe of that provider), and OpenCode Zen
 * documents no quota endpoint. So the usage is unknown, with the reason; nothing is sent anywhere.
 */
export async function probeOpencodeUsage(context: ProviderContext): Promise<UsageReport> {
  const accountId = context.account?.id;
  const report = (status: UsageReport['status'], reason: string): UsageReport => ({
    providerId: OPENCODE_PROVIDER_ID,
    windows: [],
    warnings: [reason],
    status,
    ...(accountId ? { accountId } : {}),
  });
  const file = join(opencodeDataDir(context), 'auth.json');
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') return report('failed', `${file} could not be read (${code ?? 'error'})`);
    return report(
      'unsupported',
      `opencode has no usage endpoint, and no stored credentials (${file}): OpenCode Zen and providers set up in opencode.json report no quota`,
    );
  }
  const credentials = storedCredentials(text);
  if (credentials === null) return report('failed', `${file} is not a JSON object of credentials`);
  const listed = credentials.map(({ id, type }) => `${id} (${type})`).join(', ') || 'none';
  return report(
    'unsupported',
    `opencode has no usage endpoint of its own; ${file} holds credentials for ${listed}, whose limits belong to those providers' accounts (probe them as their own providers), and OpenCode Zen documents no quota endpoint`,
  );
}
