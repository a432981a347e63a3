import type { AgentPoolConfig } from './config-schema.js';
import { redact } from './redaction.js';

const HIDDEN = '[REDACTED]';

/**
 * The configuration as it may be shown (`config print`, logs): every `providers.*.env` value is
 * hidden, whatever it looks like (the keys stay, so a reader sees what is set), and secrets in
 * `extra_args` are redacted.
 */
export function configForDisplay(config: AgentPoolConfig): AgentPoolConfig {
  const providers: AgentPoolConfig['providers'] = {};
  for (const [id, settings] of Object.entries(config.providers)) {
    providers[id] = {
      ...settings,
      ...(settings.env ? { env: Object.fromEntries(Object.keys(settings.env).map((key) => [key, HIDDEN])) } : {}),
      ...(settings.extra_args ? { extra_args: settings.extra_args.map(redact) } : {}),
    };
  }
  return { ...config, providers };
}
