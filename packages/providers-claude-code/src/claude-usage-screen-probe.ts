import { mkdirSync } from 'node:fs';
import type { ProbeTerminal, ProbeTerminalSession } from '@agentpool/core';
import type { NormalisedUsageWindow } from '@agentpool/usage';
import { classifyClaudeScreen } from './claude-screen-rules.js';
import { type ClaudeUsageScreenReading, readClaudeUsageScreen } from './claude-usage-screen.js';

/** Default bound on the whole screen probe: Claude's start, its `/usage` panel, and its exit. */
export const CLAUDE_USAGE_SCREEN_TIMEOUT_MS = 45_000;

/** The pane the probe draws in: wide enough for the panel's wide layout, tall enough for every bar. */
const COLS = 120;
const ROWS = 50;
/** A screen is read once it has not changed for this long (Claude redraws the panel line by line). */
const SETTLE_MS = 800;
const POLL_MS = 100;

export interface ClaudeUsageScreenProbeRequest {
  readonly terminal: ProbeTerminal;
  /** The `claude` binary. */
  readonly binary: string;
  /** The account's CLAUDE_CONFIG_DIR. */
  readonly configDir: string;
  /** The environment agentpool, the provider settings and the account give (PATH, HOME, TZ, proxies, …). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** A folder of agentpool's own to start Claude in (Claude records each folder it starts in). */
  readonly cwd: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal | undefined;
  readonly now: () => Date;
}

export type ClaudeUsageScreenProbeResult =
  | { readonly status: 'ok'; readonly windows: NormalisedUsageWindow[]; readonly warnings: string[] }
  | { readonly status: 'unauthenticated' | 'unsupported' | 'failed'; readonly warnings: string[] };

/**
 * The environment Claude is started with for the probe. Claude 2.1.197 refuses to read its usage
 * under CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC ("essential-traffic-only": the panel shows "Failed
 * to load usage data" without asking), so that switch is removed. At start an interactive Claude
 * sends a one-token "quota" model call for its subscription; ANTHROPIC_BASE_URL points the model
 * API at a closed local port, so that call fails at once and spends nothing, while `/usage` still
 * reads the usage endpoint (whose host Claude takes from its OAuth settings, not from
 * ANTHROPIC_BASE_URL). CLAUDE_CODE_SANDBOXED=1 keeps the folder-trust dialog away without writing
 * a trust decision into the user's `.claude.json`. An API key would replace the subscription login.
 */
export function claudeScreenProbeEnv(env: Readonly<Record<string, string | undefined>>, configDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const dropped = new Set(['CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC', 'ANTHROPIC_API_KEY', 'ANTHROPIC_AUTH_TOKEN', 'ANTHROPIC_BASE_URL']);
  for (const [name, value] of Object.entries(env)) if (value !== undefined && !dropped.has(name)) out[name] = value;
  return {
    ...out,
    CLAUDE_CONFIG_DIR: configDir,
    DISABLE_AUTOUPDATER: '1',
    DISABLE_TELEMETRY: '1',
    CLAUDE_CODE_SANDBOXED: '1',
    ANTHROPIC_BASE_URL: 'http://127.0.0.1:1',
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** The first few non-blank lines of a screen, for a reason that says what Claude showed. */
const shown = (lines: readonly string[]): string =>
  lines
    .map((line) => line.trim())
    .filter((line) => line !== '' && !/^[─╭╰│]/.test(line))
    .slice(-4)
    .join(' | ')
    .slice(0, 240);

function decide(reading: ClaudeUsageScreenReading): ClaudeUsageScreenProbeResult | null {
  switch (reading.kind) {
    case 'windows':
      return { status: 'ok', windows: reading.windows, warnings: reading.warnings };
    case 'error':
      return { status: 'failed', warnings: [`Claude's /usage screen says: ${reading.message}`] };
    case 'no_windows':
      return { status: 'unsupported', warnings: ["Claude's /usage screen shows no plan usage for this login (no subscription limits)"] };
    default:
      return null;
  }
}

/**
 * Starts the real `claude` TUI in a probe terminal with the account's CLAUDE_CONFIG_DIR, waits for
 * its input prompt, types `/usage`, reads the panel once it has settled, and leaves (Escape,
 * `/exit`; the terminal then ends whatever is left). Bounded by `timeoutMs` and the signal; every
 * way it can fail (a login screen, a start-up dialog, Claude's own error, no answer in time) is a
 * status with a reason, never a guess.
 */
export async function probeClaudeUsageScreen(request: ClaudeUsageScreenProbeRequest): Promise<ClaudeUsageScreenProbeResult> {
  const started = Date.now();
  const deadline = started + request.timeoutMs;
  const seconds = Math.round(request.timeoutMs / 1000);
  mkdirSync(request.cwd, { recursive: true });
  let session: ProbeTerminalSession;
  try {
    session = await request.terminal.open({
      argv: [request.binary],
      env: claudeScreenProbeEnv(request.env, request.configDir),
      cwd: request.cwd,
      cols: COLS,
      rows: ROWS,
      maxRuntimeSeconds: Math.ceil(request.timeoutMs / 1000) + 15,
    });
  } catch (error) {
    return { status: 'failed', warnings: [`could not start claude in a probe terminal: ${(error as Error).message}`] };
  }
  let typed = false;
  let lines: readonly string[] = [];
  let lastChange = Date.now();
  try {
    while (Date.now() < deadline && !request.signal?.aborted) {
      const next = await session.screen();
      if (next.join('\n') !== lines.join('\n')) {
        lines = next;
        lastChange = Date.now();
      }
      const settled = Date.now() - lastChange >= SETTLE_MS;
      if (session.exited()) return { status: 'failed', warnings: [`claude exited before showing its usage; its screen: ${shown(lines)}`] };
      if (!typed) {
        const seen = classifyClaudeScreen({ lines, width: COLS, height: ROWS });
        if (seen.state === 'auth_required') {
          return { status: 'unauthenticated', warnings: [`claude is not signed in (${seen.evidence.join(' | ')}): run claude and /login`] };
        }
        if (seen.state === 'startup_prompt' && settled) {
          return {
            status: 'failed',
            warnings: [
              `claude shows a start-up prompt the probe does not answer (${seen.evidence.join(' | ')}): run claude once in a terminal`,
            ],
          };
        }
        if (seen.state === 'error' && settled)
          return { status: 'failed', warnings: [`claude failed to start: ${seen.evidence.join(' | ')}`] };
        if (seen.state === 'ready' && settled) {
          await session.type('/usage');
          await sleep(300, request.signal);
          await session.keys(['Enter']);
          typed = true;
          lastChange = Date.now();
        }
      } else if (settled) {
        const decided = decide(readClaudeUsageScreen(lines, { observedAt: request.now() }));
        if (decided) return decided;
      }
      await sleep(POLL_MS, request.signal);
    }
    if (request.signal?.aborted)
      return { status: 'failed', warnings: ["the /usage screen probe was stopped before Claude's usage was read"] };
    const where = typed ? 'its /usage panel did not show the plan usage' : 'claude did not reach its input prompt';
    return { status: 'failed', warnings: [`${where} within ${seconds} s; its screen: ${shown(lines)}`] };
  } finally {
    // Leave as a person would, briefly; the terminal ends whatever is left either way.
    if (!session.exited() && !request.signal?.aborted) {
      try {
        await session.keys(['Escape']);
        await sleep(200);
        await session.type('/exit');
        await sleep(200);
        await session.keys(['Enter']);
        const leaveBy = Date.now() + 2000;
        while (!session.exited() && Date.now() < leaveBy) await sleep(POLL_MS);
      } catch {
        // The pane may be gone already; close() below ends what is left.
      }
    }
    await session.close();
  }
}
