import { describe, expect, it } from 'vitest';
import { leasesConflict, resourcesOverlap } from '../src/lease-overlap.js';

describe('resourcesOverlap', () => {
  it.each([
    ['/r/src', '/r/src', true],
    ['/r/src', '/r/src/a.ts', true],
    ['/r/src/a.ts', '/r/src', true],
    ['/r', '/r/src/deep/file.ts', true],
    ['/', '/anything', true],
    ['/a/b', '/a/bc', false],
    ['/a/bc', '/a/b', false],
    ['/r/src', '/r/lib', false],
    ['/r/src/a.ts', '/r/src/b.ts', false],
  ])('%s and %s overlap: %s', (a, b, expected) => {
    expect(resourcesOverlap(a, b)).toBe(expected);
  });
});

describe('leasesConflict', () => {
  it.each([
    ['read', 'read', false],
    ['read', 'write', true],
    ['write', 'read', true],
    ['write', 'write', true],
  ] as const)('existing %s, requested %s: conflict %s', (existing, requested, expected) => {
    expect(leasesConflict(existing, requested)).toBe(expected);
  });
});
