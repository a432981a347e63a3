import { AgentPoolError } from '@agentpool/core';
import { ACCOUNT_STATUS_PROVIDERS, ROTATION_DEFAULTS, type RotationCycleReport, type RotationRequest } from '@agentpool/sdk';
import type { Command } from 'commander';
import { type CliRun, parseCount, parseSeconds } from './cli-context.js';
import { defineAction, type Options } from './command-kit.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const DEFAULT_INTERVAL_SECONDS = 180;

/** A percent option: 0–100, decimals allowed. */
function parsePercent(value: string | undefined, option: string): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0 || number > 100) {
    throw new AgentPoolError('INVALID_REQUEST', `${option} must be a percent from 0 to 100, got "${value.slice(0, 20)}".`, {
      details: { option },
      hint: `agentpool pool watch --once ${option} 10`,
    });
  }
  return number;
}

const ms = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.round(seconds * 1000));

/** The cycle's rules from the command line; every option is passed on or refused, none ignored. */
function rotationRequest(options: Options): RotationRequest {
  const provider = text(options.provider) ?? 'codex-cli';
  const probeSeconds = parseSeconds(text(options.timeout), '--timeout');
  if (probeSeconds !== undefined && probeSeconds <= 0) {
    throw new AgentPoolError('INVALID_TIMEOUT', '--timeout must be more than 0 seconds.', {
      details: { option: '--timeout' },
      hint: 'agentpool pool watch --once --timeout 20',
    });
  }
  const message = text(options.message);
  if (message !== undefined && message.trim() === '') {
    throw new AgentPoolError('INVALID_REQUEST', '--message must not be blank.', { hint: 'agentpool pool watch --message "Continue."' });
  }
  return {
    provider,
    teamDir: text(options.teamDir),
    glob: text(options.glob),
    thresholdPercent: parsePercent(text(options.threshold), '--threshold'),
    marginPercent: parsePercent(text(options.margin), '--margin'),
    cooldownMs: ms(parseSeconds(text(options.cooldown), '--cooldown')),
    confirmations: parseCount(text(options.confirm), '--confirm', 1),
    drainTimeoutMs: ms(parseSeconds(text(options.drainTimeout), '--drain-timeout')),
    continuation: message,
    probeTimeoutMs: ms(probeSeconds),
  };
}

export function rotationText(report: RotationCycleReport): string {
  const probes = report.probes
    .map((probe) => `${probe.account} ${probe.status === 'ok' ? `${probe.remaining_percent}%` : `unknown (${probe.reason})`}`)
    .join(', ');
  const decision =
    report.decision.action === 'rotate'
      ? `rotate ${report.current_before} -> ${report.decision.to}: ${report.decision.reason}`
      : report.decision.action === 'wait'
        ? `wait${report.decision.until ? ` until ${report.decision.until}` : ''}: ${report.decision.reason}`
        : `stay on ${report.current ?? '-'}: ${report.decision.reason}`;
  const workers = report.workers.map(
    (worker) =>
      `  ${worker.session_id} ${worker.action}${worker.new_session_id ? ` as ${worker.new_session_id}` : ''}${worker.to ? ` on ${worker.to}` : ''}: ${worker.reason}`,
  );
  return [`${report.at} ${report.provider}: ${probes || 'no accounts'}`, decision, ...workers].join('\n');
}

function sleep(msToWait: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, msToWait);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** `agentpool pool watch`: probe, decide and rotate a provider's team of workers, once or every interval. */
export function registerPoolWatch(pool: Command, run: CliRun): void {
  defineAction(
    pool
      .command('watch')
      .description(
        'probe every account of the auth team, rotate the team below a threshold to the account with the most checked headroom, and move each worker between turns (resume + continuation)',
      )
      .option('--once', 'one cycle, then exit')
      .option('--interval <seconds>', `seconds between cycles (default ${DEFAULT_INTERVAL_SECONDS})`)
      .option('--provider <id>', `${ACCOUNT_STATUS_PROVIDERS.join(' | ')} (default codex-cli)`)
      .option('--threshold <percent>', 'rotate below this remaining percent of the binding window (default policy.min_remaining_percent)')
      .option('--margin <percent>', `a target needs more than threshold + margin (default ${ROTATION_DEFAULTS.marginPercent})`)
      .option('--cooldown <seconds>', `no second rotation within this long (default ${ROTATION_DEFAULTS.cooldownMs / 1000})`)
      .option(
        '--confirm <n>',
        `successive answered probes below the threshold a rotation needs (default ${ROTATION_DEFAULTS.confirmations})`,
      )
      .option(
        '--drain-timeout <seconds>',
        'how long to wait for a mid-turn worker to finish its turn (default 0: it is moved in a later cycle)',
      )
      .option('--message <text>', 'the continuation sent to a resumed worker')
      .option('--timeout <seconds>', 'the probes’ budget for all accounts together (default 20)')
      .option('--team-dir <path>', 'the auth team folder (default pool.auth_team_dir / CAP_AUTH_TEAM_DIR)')
      .option('--glob <pattern>', 'which file names are auth files (default pool.auth_team_glob / CAP_AUTH_TEAM_GLOB, "*")'),
    run,
    async (_args, options) => {
      const request = rotationRequest(options);
      const intervalSeconds = parseSeconds(text(options.interval), '--interval');
      if (options.once === true && intervalSeconds !== undefined) {
        throw new AgentPoolError('INVALID_REQUEST', '--interval has no meaning with --once.', {
          hint: 'agentpool pool watch --once   (or: agentpool pool watch --interval 180)',
        });
      }
      if (intervalSeconds !== undefined && intervalSeconds < 1) {
        throw new AgentPoolError('INVALID_TIMEOUT', '--interval must be at least 1 second.', {
          hint: 'agentpool pool watch --interval 180',
        });
      }
      const agentPool = await run.agentPool();
      if (options.once === true) {
        const report = await agentPool.rotateAccounts(request);
        return { value: report, human: () => rotationText(report) };
      }
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      let cycles = 0;
      try {
        while (!stop.signal.aborted) {
          const report = await agentPool.rotateAccounts(request);
          cycles += 1;
          // One line of JSON per cycle (JSON Lines) so a reader can follow the stream.
          process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : `${rotationText(report)}\n`);
          await sleep((intervalSeconds ?? DEFAULT_INTERVAL_SECONDS) * 1000, stop.signal);
        }
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
      }
      const value = { stopped: true, cycles };
      process.stdout.write(options.json === true ? `${JSON.stringify(value)}\n` : `stopped after ${cycles} cycle(s)\n`);
      return { value, human: () => '', printed: true };
    },
  );
}
