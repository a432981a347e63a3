import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ensureHomeDirectory,
  findHomeProblem,
  findSecretKinds,
  type HomePaths,
  loadConfigFile,
  type ProviderAdapter,
} from '@agentpool/core';
import type { Store } from '@agentpool/store';
import type { TmuxRuntime } from '@agentpool/tmux-runtime';
import { commandVersion } from './inventory.js';
import type { PluginFailure } from './provider-loading.js';

export type CheckStatus = 'ok' | 'warn' | 'fail';

export interface DoctorCheck {
  readonly name: string;
  readonly status: CheckStatus;
  readonly detail: string;
  readonly hint?: string | undefined;
}

export interface DoctorReport {
  readonly ok: boolean;
  readonly checks: readonly DoctorCheck[];
  readonly privacy?: PrivacyReport | undefined;
}

export interface PrivacyReport {
  /** What agentpool keeps and where. */
  readonly stored: readonly { readonly what: string; readonly path: string; readonly bytes: number }[];
  /** Files found to contain something that looks like a secret (kinds only, never the secret). */
  readonly secret_findings: readonly { readonly path: string; readonly kinds: readonly string[] }[];
  readonly statements: readonly string[];
  /** Per provider: what of a worker's work can appear on a command line (readable by any local user with `ps`). */
  readonly command_lines: readonly { readonly provider: string; readonly exposure: readonly string[] }[];
}

function mode(path: string): number | null {
  try {
    return statSync(path).mode & 0o777;
  } catch {
    return null;
  }
}

function folderBytes(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + folderBytes(join(path, name)), 0);
}

function scanFiles(path: string, findings: { path: string; kinds: string[] }[]): void {
  if (!existsSync(path)) return;
  const stat = statSync(path);
  if (stat.isDirectory()) {
    for (const name of readdirSync(path)) scanFiles(join(path, name), findings);
    return;
  }
  // prompt.input is the caller's own exact text for a worker starting in stdin mode; it is removed once read.
  if (path.endsWith('prompt.input') || stat.size > 64 * 1024 * 1024) return;
  const kinds = findSecretKinds(readFileSync(path).toString('utf8'));
  if (kinds.length) findings.push({ path, kinds });
}

export interface DoctorDependencies {
  readonly paths: HomePaths;
  readonly runtime: TmuxRuntime;
  readonly openStore: () => Promise<Store>;
  /** Config `plugins:`. */
  readonly plugins: readonly string[];
  readonly pluginFailures: () => Promise<readonly PluginFailure[]>;
  /** Registered providers, for what each puts on command lines. */
  readonly providers: () => Promise<readonly ProviderAdapter[]>;
}

/** Checks the machine and the home; `deep` starts a real pane; `privacy` reports what is stored and scans it for secrets. */
export async function runDoctor(deps: DoctorDependencies, options: { deep: boolean; privacy: boolean }): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  const major = Number.parseInt(process.versions.node.split('.')[0] ?? '0', 10);
  checks.push(
    major >= 20
      ? { name: 'node', status: 'ok', detail: process.version }
      : { name: 'node', status: 'fail', detail: `${process.version} < 20`, hint: 'Install Node.js 20 or newer' },
  );

  const tmux = await deps.runtime.version();
  checks.push(
    tmux
      ? { name: 'tmux', status: 'ok', detail: tmux }
      : {
          name: 'tmux',
          status: 'fail',
          detail: 'not found',
          hint: 'Install tmux (Debian/Ubuntu: sudo apt-get install tmux; macOS: brew install tmux)',
        },
  );
  const git = await commandVersion('git', ['--version']);
  checks.push(
    git
      ? { name: 'git', status: 'ok', detail: git }
      : { name: 'git', status: 'warn', detail: 'not found: worktrees and diffs need it', hint: 'Install git' },
  );

  const homeMode = mode(deps.paths.home);
  const homeProblem = findHomeProblem(deps.paths.home, { writable: true });
  if (homeProblem) checks.push({ name: 'home', status: 'fail', detail: homeProblem.message, hint: homeProblem.hint });
  else if (homeMode === null)
    checks.push({ name: 'home', status: 'warn', detail: `${deps.paths.home} does not exist yet`, hint: 'agentpool init' });
  else
    checks.push(
      homeMode & 0o077
        ? {
            name: 'home',
            status: 'warn',
            detail: `${deps.paths.home} is readable by others (mode ${homeMode.toString(8)})`,
            hint: `chmod 700 ${deps.paths.home}`,
          }
        : { name: 'home', status: 'ok', detail: deps.paths.home },
    );

  try {
    const { exists } = await loadConfigFile(deps.paths.config);
    checks.push({ name: 'config', status: 'ok', detail: exists ? deps.paths.config : 'no config file: every default from code' });
  } catch (error) {
    checks.push({ name: 'config', status: 'fail', detail: (error as Error).message, hint: 'agentpool config validate' });
  }

  if (deps.plugins.length > 0) {
    const failures = await deps.pluginFailures();
    checks.push(
      failures.length
        ? {
            name: 'plugins',
            status: 'fail',
            detail: failures.map((failure) => failure.error.message).join(' | '),
            hint: 'agentpool config validate   (the other providers still work)',
          }
        : { name: 'plugins', status: 'ok', detail: `${deps.plugins.length} provider plugin(s) loaded: ${deps.plugins.join(', ')}` },
    );
  }

  if (homeMode !== null && !homeProblem) {
    try {
      const store = await deps.openStore();
      checks.push({ name: 'store', status: 'ok', detail: `${store.path} (schema ${await store.schemaVersion()}, WAL)` });
    } catch (error) {
      checks.push({ name: 'store', status: 'fail', detail: (error as Error).message, hint: 'agentpool doctor --json' });
    }
  }

  if (options.deep && tmux && homeProblem) {
    checks.push({ name: 'tmux_pane', status: 'fail', detail: 'not tried: the home is not usable (see the home check)' });
  } else if (options.deep && tmux) {
    ensureHomeDirectory(deps.paths.home);
    const dir = mkdtempSync(join(deps.paths.home, '.doctor-'));
    const name = `doctor-${process.pid}`;
    try {
      await deps.runtime.startWorker({
        name,
        argv: ['/bin/sh', '-c', 'printf "agentpool-doctor-ok\\n"'],
        env: {},
        cwd: dir,
        width: 80,
        height: 10,
        outputFile: join(dir, 'stream.raw'),
        exitFile: join(dir, 'exit_status'),
        endReasonFile: join(dir, 'end_reason'),
        envFile: join(dir, 'worker.env'),
      });
      const deadline = Date.now() + 5000;
      let seen = false;
      while (Date.now() < deadline && !seen) {
        seen = existsSync(join(dir, 'stream.raw')) && readFileSync(join(dir, 'stream.raw'), 'utf8').includes('agentpool-doctor-ok');
        if (!seen) await new Promise((resolve) => setTimeout(resolve, 25));
      }
      checks.push(
        seen
          ? { name: 'tmux_pane', status: 'ok', detail: 'started a pane and read its output through pipe-pane' }
          : {
              name: 'tmux_pane',
              status: 'fail',
              detail: 'a test pane produced no output within 5 s',
              hint: `tmux -S ${deps.runtime.socketPath} list-sessions`,
            },
      );
    } catch (error) {
      checks.push({ name: 'tmux_pane', status: 'fail', detail: (error as Error).message });
    } finally {
      await deps.runtime.killSession(name).catch(() => false);
      rmSync(dir, { recursive: true, force: true });
    }
  }

  let privacy: PrivacyReport | undefined;
  if (options.privacy) {
    const findings: { path: string; kinds: string[] }[] = [];
    // config.yaml may hold provider env values (API keys): report that, by kind only.
    scanFiles(deps.paths.config, findings);
    scanFiles(deps.paths.preferences, findings);
    scanFiles(deps.paths.artifacts, findings);
    scanFiles(deps.paths.database, findings);
    privacy = {
      stored: [
        { what: 'config', path: deps.paths.config, bytes: folderBytes(deps.paths.config) },
        {
          what: 'database (sessions, events, artifact index, worktrees, leases)',
          path: deps.paths.database,
          bytes: folderBytes(deps.paths.database),
        },
        {
          what: 'session folders (raw output stream, redacted transcript, screens, diffs)',
          path: deps.paths.artifacts,
          bytes: folderBytes(deps.paths.artifacts),
        },
      ],
      secret_findings: findings,
      command_lines: (await deps.providers()).map((adapter) => ({
        provider: adapter.id,
        exposure: [
          ...(adapter.capabilities.promptModes.includes('arg')
            ? [
                adapter.capabilities.defaultPromptMode === 'arg'
                  ? 'the task, by default (prompt mode arg puts it in the worker’s own argv; use send_after_launch or stdin to keep it off)'
                  : 'the task, only when spawned with --initial-prompt-mode arg (in the worker’s own argv)',
              ]
            : []),
          ...(adapter.capabilities.commandLineExposure ? [adapter.capabilities.commandLineExposure] : []),
        ],
      })),
      statements: [
        'Provider keys and the worker environment reach the pane through a private file (0600, deleted once read), never a command line; tmux and the pane shell never carry the task.',
        'agentpool stores no provider credential: auth files are read in place.',
        "Transcripts, screens, diffs, events and the database are redacted. stream.raw holds a running worker's output as written (mode 0600; every read of it is redacted) and is redacted in place when the session ends.",
      ],
    };
    const dbMode = mode(deps.paths.database);
    if (dbMode !== null && dbMode & 0o077)
      checks.push({
        name: 'privacy_permissions',
        status: 'warn',
        detail: `database mode ${dbMode.toString(8)}`,
        hint: `chmod 600 ${deps.paths.database}`,
      });
    checks.push(
      findings.length
        ? {
            name: 'privacy_secrets',
            status: 'warn',
            detail: `${findings.length} stored file(s) look like they hold a secret`,
            hint: 'Inspect the files listed under privacy.secret_findings',
          }
        : { name: 'privacy_secrets', status: 'ok', detail: 'no secret-looking text in config.yaml, the database or session folders' },
    );
  }
  return { ok: checks.every((check) => check.status !== 'fail'), checks, privacy };
}
