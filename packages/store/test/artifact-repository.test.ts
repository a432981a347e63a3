import { describe, expect, it } from 'vitest';
import type { Store } from '../src/records.js';
import { newSession, withTempStore } from './temp-store.js';

describe('artifact repository', () => {
  let store: Store;
  withTempStore((opened) => {
    store = opened;
  });

  it('keeps one artifact per kind: putting the same kind again replaces it', async () => {
    const session = await store.sessions.insertWithinCap(newSession(), 5);
    await store.artifacts.put({ sessionId: session.id, kind: 'transcript', path: '/a/transcript.txt', sha256: 'old', sizeBytes: 10 });
    await store.artifacts.put({
      sessionId: session.id,
      kind: 'prompt',
      path: '/a/prompt.md',
      sha256: 'p',
      sizeBytes: 3,
      createdAt: '2030-01-01T00:00:00.000Z',
    });
    const replaced = await store.artifacts.put({
      sessionId: session.id,
      kind: 'transcript',
      path: '/a/transcript.txt',
      sha256: 'new',
      sizeBytes: 99,
    });

    expect(replaced).toMatchObject({ kind: 'transcript', sha256: 'new', sizeBytes: 99 });
    const listed = await store.artifacts.list(session.id);
    expect(listed.map((artifact) => [artifact.kind, artifact.sha256])).toEqual([
      ['prompt', 'p'],
      ['transcript', 'new'],
    ]);
    expect(listed[0]?.createdAt).toBe('2030-01-01T00:00:00.000Z');
  });
});
