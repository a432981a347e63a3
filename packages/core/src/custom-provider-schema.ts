import { z } from 'zod';
import { PROVIDER_ID_PATTERN } from './adapter-shape.js';

/** The states a custom provider's screen pattern may report (what an adapter's classify returns, but `unknown`). */
export const CUSTOM_SCREEN_STATES = [
  'ready',
  'working',
  'question',
  'approval_prompt',
  'startup_prompt',
  'auth_required',
  'limit_reached',
  'error',
] as const;

const regex = z.string().superRefine((source, context) => {
  if (source === '') {
    context.addIssue({ code: 'custom', message: 'must not be empty (it would match every line)' });
    return;
  }
  try {
    new RegExp(source, 'u');
  } catch (error) {
    context.addIssue({ code: 'custom', message: `is not a valid regular expression: ${(error as Error).message}` });
  }
});

const screenRuleSchema = z
  .object({
    state: z.enum(CUSTOM_SCREEN_STATES),
    /** A regular expression (JavaScript, `u` flag) tested against each screen line, trimmed. */
    pattern: regex,
    /** Only the last N non-blank lines of the screen are searched (a footer, an input box). */
    last_lines: z.number().int().min(1).max(1000).optional(),
  })
  .strict();

const argv = z.array(z.string()).min(1);

/**
 * A CLI agentpool drives without code: its command line, how it takes a prompt, and screen
 * patterns in order (the first rule with a matching line decides the state).
 */
export const customProviderSchema = z
  .object({
    display_name: z.string().min(1).optional(),
    /** Program and arguments, run directly (never through a shell). An element `{prompt}` is where prompt mode `arg` puts the task; otherwise it is appended. */
    command: argv,
    prompt_mode: z.enum(['arg', 'send_after_launch', 'stdin']).default('send_after_launch'),
    /** Arguments that pin a model; `{model}` is replaced by the model asked for. Without them a spawn naming a model is refused. */
    model_args: argv.optional(),
    /** Models to list (the first is the default). With them, a model outside the list is refused. */
    models: z.array(z.string().min(1)).optional(),
    /** Arguments that make the CLI itself read-only. Without them read_only isolation is only asked for in the prompt (with a warning). */
    read_only_args: argv.optional(),
    /** Arguments that print the version (e.g. `[--version]`); without them no version is read (a TUI might start instead). */
    version_args: z.array(z.string()).optional(),
    submit_keys: z.array(z.string().min(1)).min(1).default(['Enter']),
    interrupt_keys: z.array(z.string().min(1)).min(1).default(['C-c']),
    env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a shell variable name'), z.string()).optional(),
    /** How long after input the CLI may take before it shows work (ms). */
    turn_start_grace_ms: z.number().int().min(0).max(60_000).optional(),
    screen: z
      .array(screenRuleSchema)
      .min(1)
      .refine((rules) => rules.some((rule) => rule.state === 'ready'), {
        message: 'needs a rule for state ready (the empty input prompt): without one no turn is ever seen to end',
      }),
  })
  .strict()
  .superRefine((provider, context) => {
    if (provider.prompt_mode === 'arg' && provider.command.filter((part) => part === '{prompt}').length > 1) {
      context.addIssue({ code: 'custom', path: ['command'], message: 'may hold `{prompt}` once' });
    }
    if (provider.model_args && !provider.model_args.some((part) => part.includes('{model}'))) {
      context.addIssue({ code: 'custom', path: ['model_args'], message: 'must contain `{model}`' });
    }
    if (provider.models && !provider.model_args) {
      context.addIssue({ code: 'custom', path: ['models'], message: 'needs model_args (how the CLI is told the model)' });
    }
  });

export const customProvidersSchema = z.record(
  z.string().regex(PROVIDER_ID_PATTERN, 'a provider id is lowercase letters, digits and dashes (like "my-cli")'),
  customProviderSchema,
);

export type CustomProviderConfig = z.infer<typeof customProviderSchema>;
export type CustomScreenState = (typeof CUSTOM_SCREEN_STATES)[number];
