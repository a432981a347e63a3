import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { ProviderContext } from '@agentpool/core';

/**
 * The folder holding Droid's `.factory` folder: the account's home (passed to Droid as
 * `FACTORY_HOME_OVERRIDE`), `FACTORY_HOME_OVERRIDE`, else HOME.
 */
export function factoryHome(context: ProviderContext): string {
  return context.account?.home ?? context.env.FACTORY_HOME_OVERRIDE ?? context.env.HOME ?? homedir();
}

/** Droid's stored login: `auth.v2.file` (+ `auth.v2.key`), `auth.v2.keyring` or the older `auth.encrypted`. */
const CREDENTIAL_FILES = ['auth.v2.file', 'auth.v2.keyring', 'auth.encrypted'];

/** The path of Droid's stored login in this home, or null; only its presence is checked. */
export function storedLoginFile(context: ProviderContext): string | null {
  const dir = join(factoryHome(context), '.factory');
  const stored = CREDENTIAL_FILES.find((file) => existsSync(join(dir, file)));
  return stored ? join(dir, stored) : null;
}

export const truthy = (value: string | undefined) => value === '1' || value?.toLowerCase() === 'true';
