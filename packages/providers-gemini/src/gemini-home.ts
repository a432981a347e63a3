import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import type { ProviderContext } from '@agentpool/core';

/** The folder whose `.gemini/` Gemini CLI uses: the account's home, `GEMINI_CLI_HOME`, else the user's home. */
export function geminiHome(context: ProviderContext): string {
  return context.account?.home ?? context.env.GEMINI_CLI_HOME ?? context.env.HOME ?? homedir();
}

/** Whether a dotenv file sets `name` (Gemini CLI loads `~/.gemini/.env`); the value is never read out. */
export function dotenvSets(file: string, name: string): boolean {
  try {
    return new RegExp(`^\\s*(export\\s+)?${name}\\s*=\\s*\\S`, 'm').test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}
