// Streams the render-cost bench renders: real captures (packages/test-utils/captures/*.raw, each
// repeated to the size asked for) and synthetic chatty streams (chatty-frames.mjs).
import { readdirSync, readFileSync } from 'node:fs';
import { syntheticChattyStream } from './chatty-frames.mjs';

const CAPTURES = new URL('../packages/test-utils/captures/', import.meta.url);
const MB = 1024 * 1024;

/** Specs of every input: one per capture, and the two synthetic chatty streams. */
export function inputSpecs(mb) {
  const captures = readdirSync(CAPTURES)
    .filter((name) => name.endsWith('.raw'))
    .sort()
    .map((name) => ({ kind: 'capture', name: name.replace(/\.raw$/, ''), mb }));
  return [
    ...captures,
    { kind: 'synthetic', name: 'synthetic-chatty-normal', mode: 'normal', cols: 200, rows: 50, linesPerFrame: 1, mb },
    { kind: 'synthetic', name: 'synthetic-chatty-alternate', mode: 'alternate', cols: 200, rows: 50, linesPerFrame: 4, mb },
  ];
}

/** The bytes of one input, with the pane size they were drawn for. */
export function buildInput(spec) {
  if (spec.kind === 'capture') {
    const raw = readFileSync(new URL(`${spec.name}.raw`, CAPTURES));
    const meta = JSON.parse(readFileSync(new URL(`${spec.name}.json`, CAPTURES), 'utf8'));
    const copies = Math.max(1, Math.ceil((spec.mb * MB) / raw.length));
    return {
      label: `${spec.name}.raw ×${copies}`,
      bytes: Buffer.concat(Array(copies).fill(raw)),
      cols: meta.cols,
      rows: meta.rows,
    };
  }
  return {
    label: `${spec.name} (${spec.mode} screen, ${spec.linesPerFrame} line(s) per frame)`,
    bytes: syntheticChattyStream({ ...spec, bytes: spec.mb * MB }),
    cols: spec.cols,
    rows: spec.rows,
  };
}
