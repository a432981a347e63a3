import { readFileSync } from 'node:fs';
import type { ProviderAdapter, SignalSource, WorkerSignalEvent } from '@agentpool/core';
import type { OscEvent } from '@agentpool/tmux-runtime';
import { parseRecordedLine } from './signal-recorder.js';

/**
 * Reads every native signal a worker has reported so far, parsed by its adapter, oldest first per
 * source: the recorder's files, and in-band OSC sequences the renderer saw in the output stream.
 * An adapter without `parseSignal` has no signals. A record the adapter cannot parse is skipped.
 */
export function readSignalEvents(
  adapter: ProviderAdapter,
  sources: readonly SignalSource[],
  oscEvents: readonly OscEvent[],
): WorkerSignalEvent[] {
  const parse = adapter.parseSignal?.bind(adapter);
  if (!parse || sources.length === 0) return [];
  const events: WorkerSignalEvent[] = [];
  for (const source of sources) {
    if (source.kind === 'file') {
      let text: string;
      try {
        text = readFileSync(source.path, 'utf8');
      } catch {
        continue;
      }
      for (const line of text.split('\n')) {
        const record = line ? parseRecordedLine(line) : null;
        if (!record) continue;
        const signal = safeParse(() => parse({ source: source.name, payload: record.payload }));
        if (signal) events.push({ signal, source: source.name, at: record.at, streamOffset: null });
      }
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

/** The folders to watch so a waiting observe wakes on a new signal. */
export function signalWatchDirs(sources: readonly SignalSource[]): string[] {
  const dirs = new Set<string>();
  for (const source of sources) if (source.kind === 'file') dirs.add(source.path.slice(0, source.path.lastIndexOf('/')) || '/');
  return [...dirs];
}
