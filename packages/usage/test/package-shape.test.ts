import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  dependencies: Record<string, string>;
};

describe('@agentpool/usage package', () => {
  it('depends on core only, so a script can use it without a native database', () => {
    expect(Object.keys(manifest.dependencies)).toEqual(['@agentpool/core']);
  });
});
