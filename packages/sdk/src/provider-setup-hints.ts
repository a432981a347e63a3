/**
 * How a person installs and signs in to the CLIs agentpool has built-in adapters for, as each CLI
 * documents it. The adapter contract has no field for these (a plugin gets the generic advice);
 * `agentpool setup` prints them as next steps and runs none of them.
 */
export interface ProviderSetupHint {
  /** The command that installs the CLI. */
  readonly install?: string;
  /** What signs the CLI in, when its own state says it is not. `{binary}` is the binary agentpool found. */
  readonly login?: string;
}

export const PROVIDER_SETUP_HINTS: Readonly<Record<string, ProviderSetupHint>> = {
  'claude-code': {
    install: 'npm install -g @anthropic-ai/claude-code',
    login: '{binary} auth login   (or set ANTHROPIC_API_KEY)',
  },
  'codex-cli': { install: 'npm install -g @openai/codex', login: '{binary} login   (or set OPENAI_API_KEY)' },
  'copilot-cli': { install: 'npm install -g @github/copilot', login: '{binary} login' },
  'gemini-cli': { install: 'npm install -g @google/gemini-cli', login: '{binary}   (choose a sign-in method; or set GEMINI_API_KEY)' },
  opencode: { install: 'npm install -g opencode-ai', login: '{binary} auth login' },
  'cursor-cli': { install: 'curl https://cursor.com/install -fsS | bash', login: '{binary} login' },
  // Devin ships a native binary (cli.devin.ai, Homebrew), not an npm package: see docs/decisions.md.
  'devin-cli': { install: 'install the Devin CLI from cli.devin.ai (or Homebrew)', login: '{binary} auth login' },
  'droid-cli': {
    install: 'curl -fsSL https://app.factory.ai/cli | sh',
    login: '{binary}   (sign in when it asks; or set FACTORY_API_KEY)',
  },
};
