import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgentPoolError, type ProviderAdapter } from '@agentpool/core';

function isAdapter(value: unknown): value is ProviderAdapter {
  const candidate = value as Partial<ProviderAdapter> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    candidate.specificationVersion === 'v1' &&
    typeof candidate.id === 'string' &&
    typeof candidate.launch === 'function' &&
    typeof candidate.classify === 'function' &&
    typeof candidate.detect === 'function'
  );
}

/**
 * Loads a third-party provider plugin: an npm package name or a file path (relative to the config
 * folder). It must export adapters as `default`, `provider` or `providers`.
 */
export async function loadProviderPlugin(specifier: string, configDir: string): Promise<ProviderAdapter[]> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier);
  const target = isPath ? pathToFileURL(resolve(configDir, specifier)).href : specifier;
  let module: Record<string, unknown>;
  try {
    module = (await import(target)) as Record<string, unknown>;
  } catch (error) {
    throw new AgentPoolError('CONFIG_INVALID', `Cannot load provider plugin "${specifier}": ${(error as Error).message}`, {
      details: { plugin: specifier },
      hint: isPath
        ? 'Check the path in config `plugins:` (relative to the config file).'
        : `Install it (npm i ${specifier}) or remove it from config \`plugins:\`.`,
      cause: error,
    });
  }
  const exported = [module.default, module.provider, module.providers].flatMap((value) => (Array.isArray(value) ? value : [value]));
  const adapters = exported.filter(isAdapter);
  if (adapters.length === 0) {
    throw new AgentPoolError(
      'CONFIG_INVALID',
      `Provider plugin "${specifier}" exports no ProviderAdapterV1 (default, provider or providers).`,
      {
        details: { plugin: specifier, exports: Object.keys(module) },
        hint: 'A plugin exports an object with specificationVersion: "v1", id, detect, launch and classify.',
      },
    );
  }
  return adapters;
}
