import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ProviderAdapter, SignalSource, WorkerSignalEvent } from '@agentpool/core';
import type { OscEvent } from '@agentpool/tmux-runtime';
import { parseRecordedLine } from './signal-recorder.js';

/**
 * What has been read of each signal file (a waiting observe reads only what was appended since),
 * and the latest conversation id its records revealed (see `conversationIdOf`).
 */
export type SignalFileCache = Map<string, { offset: number; events: WorkerSignalEvent[]; conversationId?: string | null }>;

/** The complete lines appended to `path` since `offset`, and the offset after them; null when the file is gone or shrank. */
function readAppended(path: string, offset: number): { lines: string[]; offset: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < offset) return null;
    const buffer = Buffer.alloc(size - offset);
    let read = 0;
    while (read < buffer.length) {
      const count = readSync(fd, buffer, read, buffer.length - read, offset + read);
      if (count === 0) break;
      read += count;
    }
    // A record being written has no newline yet: it is read next time, whole.
    const end = buffer.subarray(0, read).lastIndexOf(0x0a) + 1;
    return { lines: buffer.subarray(0, end).toString('utf8').split('\n').filter(Boolean), offset: offset + end };
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads every native signal a worker has reported so far, parsed by its adapter, oldest first per
 * source: the recorder's files, and in-band OSC sequences the renderer saw in the output stream.
 * An adapter without `parseSignal` has no signals. A record the adapter cannot parse is skipped.
 */
export function readSignalEvents(
  adapter: ProviderAdapter,
  sources: readonly SignalSource[],
  oscEvents: readonly OscEvent[],
  cache: SignalFileCache = new Map(),
): WorkerSignalEvent[] {
  const parse = adapter.parseSignal?.bind(adapter);
  const conversationId = adapter.conversationId?.bind(adapter);
  if (!parse || sources.length === 0) return [];
  const events: WorkerSignalEvent[] = [];
  for (const source of sources) {
    if (source.kind === 'file') {
      let known = cache.get(source.path) ?? { offset: 0, events: [] };
      let appended = readAppended(source.path, known.offset);
      if (appended === null && known.offset > 0) {
        // Rewritten (redacted at the session's end): read it again from the start.
        known = { offset: 0, events: [], conversationId: null };
        appended = readAppended(source.path, 0);
      }
      if (appended === null) continue;
      for (const line of appended.lines) {
        const record = parseRecordedLine(line);
        if (!record) continue;
        const signal = safeParse(() => parse({ source: source.name, payload: record.payload }));
        if (signal) known.events.push({ signal, source: source.name, at: record.at, streamOffset: null });
        const id = conversationId ? safeParse(() => conversationId({ source: source.name, payload: record.payload })) : null;
        if (id) known.conversationId = id;
      }
      known.offset = appended.offset;
      cache.set(source.path, known);
      events.push(...known.events);
    } else {
      for (const osc of oscEvents) {
        if (osc.code !== source.code) continue;
        const signal = safeParse(() => parse({ source: source.name, payload: osc.data }));
        if (signal) events.push({ signal, source: source.name, at: null, streamOffset: osc.offset });
      }
    }
  }
  return events;
}

function safeParse<T>(run: () => T | null): T | null {
  try {
    return run();
  } catch {
    // A plugin's parser failing on one record must not stop the session from being read.
    return null;
  }
}

/**
 * The provider's own conversation id, the latest one a signal file of `sources` revealed (read by
 * `readSignalEvents` into `cache`); null when none did.
 */
export function conversationIdOf(cache: SignalFileCache, sources: readonly SignalSource[]): string | null {
  let found: string | null = null;
  for (const source of sources) {
    if (source.kind !== 'file') continue;
    const id = cache.get(source.path)?.conversationId;
    if (id) found = id;
  }
  return found;
}

/** The folders to watch so a waiting observe wakes on a new signal. */
export function signalWatchDirs(sources: readonly SignalSource[]): string[] {
  const dirs = new Set<string>();
  for (const source of sources) if (source.kind === 'file') dirs.add(source.path.slice(0, source.path.lastIndexOf('/')) || '/');
  return [...dirs];
}
