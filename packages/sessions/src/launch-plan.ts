import { AgentPoolError, type LaunchSpec, type NativeSignals, type ProviderSettings, redact } from '@agentpool/core';
import { PROMPT_ARG_PLACEHOLDER } from '@agentpool/tmux-runtime';

/** The command a worker is started with, after agentpool's own settings are applied. */
export interface LaunchPlan {
  /** What the pane runs; the prompt, when it is an argument, is the placeholder the pane entry fills in. */
  readonly argv: readonly string[];
  /** The argv as recorded on the session: the prompt as `<prompt>`, every element redacted. */
  readonly recordedArgv: readonly string[];
  /** The prompt to hand over through a private file, when the program takes it as an argument. */
  readonly promptArg: string | null;
}

/**
 * Applies, once and for every adapter (built-in or plugin), what config says for the provider:
 * `binary` replaces the program, `extra_args` and the native-signal arguments go before a trailing
 * prompt argument (after everything else otherwise). The prompt must be one argument of its own,
 * so it can travel through a file instead of tmux's and the shell's command lines.
 */
export function planLaunch(
  providerId: string,
  spec: LaunchSpec,
  signals: NativeSignals | undefined,
  settings: ProviderSettings,
  prompt: string,
): LaunchPlan {
  const argv = [...spec.argv];
  if (settings.binary && argv.length > 0) argv[0] = settings.binary;
  let promptIndex = spec.promptMode === 'arg' ? argv.indexOf(prompt) : -1;
  if (spec.promptMode === 'arg' && promptIndex < 0) {
    throw new AgentPoolError(
      'ADAPTER_FAILED',
      `${providerId} launches with prompt mode arg but does not pass the prompt as an argument of its own.`,
      {
        details: { provider: providerId },
        hint: `agentpool spawn --provider ${providerId} --initial-prompt-mode send_after_launch …`,
        retryable: false,
      },
    );
  }
  const added = [...(settings.extraArgs ?? []), ...(signals?.args ?? [])];
  if (promptIndex >= 0 && promptIndex === argv.length - 1) {
    // Options go before the prompt, and before a `--` that ends the options ahead of it.
    const at = argv[promptIndex - 1] === '--' ? promptIndex - 1 : promptIndex;
    argv.splice(at, 0, ...added);
    promptIndex += added.length;
  } else argv.push(...added);
  if (promptIndex >= 0) argv[promptIndex] = PROMPT_ARG_PLACEHOLDER;
  return {
    argv,
    recordedArgv: argv.map((part) => (part === PROMPT_ARG_PLACEHOLDER ? '<prompt>' : redact(part))),
    promptArg: promptIndex >= 0 ? prompt : null,
  };
}
