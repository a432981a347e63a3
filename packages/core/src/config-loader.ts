import { readFileSync } from 'node:fs';
import type { ZodError } from 'zod';
import { defaultConfig } from './config-defaults.js';
import type { AgentPoolConfig } from './config-schema.js';
import { AgentPoolError } from './errors.js';
import { locateYamlPath } from './yaml-locate.js';

export interface ConfigProblem {
  /** Dotted key path (`policy.max_parallel_sessions`). */
  readonly path: string;
  readonly message: string;
  readonly line: number | null;
  readonly column: number | null;
}

/** Parses config text. Throws CONFIG_INVALID naming the file, line and column of every problem. */
export async function parseConfig(text: string, file: string): Promise<AgentPoolConfig> {
  // Loaded only when there is a config file to read: start-up without one pays for neither.
  const [{ loadAll, YAMLException }, { configSchema }] = await Promise.all([import('js-yaml'), import('./config-schema.js')]);
  let raw: unknown;
  try {
    // loadAll, not load: js-yaml 5's load throws on an empty or comment-only file, which means "all defaults".
    const documents = loadAll(text, { filename: file });
    if (documents.length > 1) {
      throw new AgentPoolError('CONFIG_INVALID', `${file}:?:?: the config must be a single YAML document`, {
        details: { file, problems: [{ path: '', message: 'more than one YAML document', line: null, column: null }] },
        hint: `Remove the extra "---" documents from ${file}, then run: agentpool config validate`,
      });
    }
    raw = documents[0];
  } catch (error) {
    if (error instanceof YAMLException) {
      const line = error.mark ? error.mark.line + 1 : null;
      const column = error.mark ? error.mark.column + 1 : null;
      const reason = error.reason || 'invalid YAML';
      throw new AgentPoolError('CONFIG_INVALID', `${file}:${line ?? '?'}:${column ?? '?'}: ${reason}`, {
        details: { file, problems: [{ path: '', message: reason, line, column }] },
        hint: `Fix the YAML in ${file}, then run: agentpool config validate`,
      });
    }
    throw error;
  }
  if (raw === undefined || raw === null) return defaultConfig();
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    throw new AgentPoolError('CONFIG_INVALID', `${file}:1:1: the config must be a mapping of keys to values`, {
      details: { file, problems: [{ path: '', message: 'not a mapping', line: 1, column: 1 }] },
      hint: 'agentpool init --force writes a fresh config (keeps a backup)',
    });
  }
  const parsed = configSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const problems = describeProblems(parsed.error, text);
  const first = problems[0];
  const where = first ? `${file}:${first.line ?? '?'}:${first.column ?? '?'}` : file;
  throw new AgentPoolError('CONFIG_INVALID', `${where}: ${first?.message ?? 'invalid config'}`, {
    details: { file, problems },
    hint: `Fix ${file}, then run: agentpool config validate`,
  });
}

function describeProblems(error: ZodError, text: string): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const position = locateYamlPath(text, [...base, key]);
        const path = [...base, key].join('.');
        problems.push({ path, message: `unknown key "${path}"`, line: position?.line ?? null, column: position?.column ?? null });
      }
      continue;
    }
    const position = locateYamlPath(text, issue.path as (string | number)[]);
    const path = base.join('.');
    problems.push({
      path,
      message: `${path || 'config'}: ${issue.message}`,
      line: position?.line ?? null,
      column: position?.column ?? null,
    });
  }
  return problems;
}

/** Reads a config file; a missing file means every default. */
export async function loadConfigFile(file: string): Promise<{ config: AgentPoolConfig; exists: boolean }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), exists: false };
    throw new AgentPoolError('CONFIG_INVALID', `Cannot read ${file}: ${(error as Error).message}`, { details: { file }, cause: error });
  }
  return { config: await parseConfig(text, file), exists: true };
}

/** The small config `agentpool init` writes: defaults live in code, so this only shows the knobs. */
export const STARTER_CONFIG = `# agentpool configuration. Every setting has a default in code; uncomment to change one.
# Check it with: agentpool config validate
version: 1
policy:
  # max_parallel_sessions: 4
  # default_isolation: read_only     # read_only | shared | worktree
  # min_remaining_percent: 10
  # allow_raw_keys: false
  # denied_providers: []
# providers:
#   codex-cli:
#     default_model: gpt-5-codex
# plugins: []                        # npm packages or files that export a provider adapter
# custom_providers:                  # a CLI driven without code (see docs/plugins.md)
#   my-cli:
#     command: [my-cli]
#     screen:
#       - { state: working, pattern: 'esc to interrupt' }
#       - { state: ready, pattern: '^> $', last_lines: 3 }
# pool:                              # account pool (docs/account-pool.md); CAP_* variables win
#   sources: [~/.codex]
#   strategy: round_robin            # round_robin | hash
#   auth_team_dir: ~/accounts/codex
#   auth_team_glob: "*"
#   auth_strategy: balanced          # balanced | team_cycle
`;

/** The effective configuration as YAML (for `agentpool config print`). */
export async function formatConfigYaml(config: AgentPoolConfig): Promise<string> {
  const { dump } = await import('js-yaml');
  return dump(config, { lineWidth: 120, noRefs: true });
}
