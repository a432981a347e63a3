import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgentPoolError } from '../src/errors.js';
import { findProviderBinary } from '../src/executable.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ap-exec-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function program(name: string, executable: boolean): string {
  const path = join(dir, name);
  writeFileSync(path, '#!/bin/sh\n');
  chmodSync(path, executable ? 0o755 : 0o644);
  return path;
}

const context = (binary?: string) => ({ env: { PATH: dir }, settings: { binary } });

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return null;
}

describe('findProviderBinary', () => {
  it('finds the first executable candidate on PATH, and nothing when none is there', () => {
    expect(findProviderBinary(context(), ['cursor-agent', 'agent'])).toBeNull();
    const agent = program('agent', true);
    expect(findProviderBinary(context(), ['cursor-agent', 'agent'])).toBe(agent);
  });

  it('names a configured binary that is there but not executable, with the fix', () => {
    const path = program('my-claude', false);
    const error = thrown(() => findProviderBinary(context(path), ['claude']));
    expect(AgentPoolError.isInstance(error) && error.code).toBe('PROVIDER_NOT_EXECUTABLE');
    expect((error as Error).message).toBe(`${path} exists but is not executable.`);
  });

  it("names the provider's own first name on PATH when not executable, but not a generic fallback name", () => {
    program('agent', false);
    expect(findProviderBinary(context(), ['cursor-agent', 'agent'])).toBeNull();
    const path = program('cursor-agent', false);
    const error = thrown(() => findProviderBinary(context(), ['cursor-agent', 'agent']));
    expect(AgentPoolError.isInstance(error) && error.code).toBe('PROVIDER_NOT_EXECUTABLE');
    expect((error as Error).message).toContain(path);
  });
});
