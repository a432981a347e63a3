#!/usr/bin/env node
import { turnResultBlock } from '../packages/core/dist/index.js';
// One in-process rendering measurement, run in a fresh node process by render-cost.mjs so each
// starts cold (the first renderer loads the emulator) and none inherits another's heap.
//
// usage: node render-child.mjs '<json spec>'   → prints one JSON object
//   spec.task 'throughput': render `input` (spec.input, see render-inputs.mjs) through
//     createStreamRenderer the way a transcript does (4 MiB reads, then every line read once).
//   spec.task 'looks': feed a chatty stream frame by frame and time what a waiting observe does on
//     each look (readTurnView: the lines since the turn's mark, the screen, the turn's result block)
//     as the turn grows.
import { createStreamRenderer } from '../packages/tmux-runtime/dist/index.js';
import { createChattyScreen } from './chatty-frames.mjs';
import { buildInput } from './render-inputs.mjs';

const READ_BYTES = 4 * 1024 * 1024;
const MB = 1024 * 1024;

const cpuMs = () => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};

async function timed(run) {
  const cpu = cpuMs();
  const wall = performance.now();
  const value = await run();
  return { value, cpu_ms: cpuMs() - cpu, wall_ms: performance.now() - wall };
}

async function feedAll(renderer, bytes) {
  for (let offset = 0; offset < bytes.length; offset += READ_BYTES) await renderer.feed(bytes.subarray(offset, offset + READ_BYTES));
  await renderer.flush();
}

async function throughput(spec) {
  // The first renderer of a process loads the emulator (a lazy import): what an observe pays on its
  // first render. Timed before the input is built, on a small piece of it.
  const sample = buildInput({ ...spec.input, mb: 0.004 });
  const options = { cols: sample.cols, rows: sample.rows, scrollback: spec.scrollback ?? 20_000 };
  const first = await timed(async () => {
    const renderer = await createStreamRenderer(options);
    await renderer.feed(sample.bytes.subarray(0, 4096));
    renderer.lines();
    renderer.dispose();
  });
  const input = buildInput(spec.input);
  // Warm the JIT on a slice of the same input, then measure a fresh renderer on all of it.
  const warm = await createStreamRenderer(options);
  await feedAll(warm, input.bytes.subarray(0, Math.min(input.bytes.length, 512 * 1024)));
  warm.lines();
  warm.dispose();
  const renderer = await createStreamRenderer(options);
  const feed = await timed(() => feedAll(renderer, input.bytes));
  const read = await timed(() => renderer.lines().length);
  const size = input.bytes.length / MB;
  const rss = process.memoryUsage().rss / MB;
  renderer.dispose();
  return {
    input: input.label,
    bytes: input.bytes.length,
    cols: input.cols,
    rows: input.rows,
    scrollback: options.scrollback,
    first_render_ms: first.wall_ms,
    feed_cpu_ms: feed.cpu_ms,
    feed_wall_ms: feed.wall_ms,
    lines: read.value,
    lines_cpu_ms: read.cpu_ms,
    cpu_ms_per_mb: (feed.cpu_ms + read.cpu_ms) / size,
    mb_per_s: size / ((feed.wall_ms + read.wall_ms) / 1000),
    rss_mb_after: rss,
  };
}

/** Average cost of one observer look after `n` frames, measured at each checkpoint. */
async function looks(spec) {
  const { mode, cols, rows, linesPerFrame, checkpoints, looksPerCheckpoint = 20 } = spec;
  const screen = createChattyScreen({ mode, cols, rows, linesPerFrame });
  // As a waiting observe reads a turn (sessions/src/turn-reader.ts, session-evaluator.ts): 1000 lines
  // kept, the result block searched in the turn's head and its last max(400, 2 × rows) lines.
  const renderer = await createStreamRenderer({ cols, rows, scrollback: spec.scrollback ?? 1000 });
  await renderer.feed(Buffer.from(screen.start()));
  const mark = renderer.mark();
  const look = () => {
    const since = renderer.since(mark, { tailLines: Math.max(400, rows * 2) });
    renderer.screen();
    return { block: turnResultBlock(since.before, since.after), after: since.after.length, truncated: since.truncated };
  };
  // Warm the JIT.
  for (let i = 0; i < 200; i++) {
    await renderer.feed(Buffer.from(screen.frame(0)));
    look();
  }
  let lines = 200 * linesPerFrame;
  const points = [];
  for (const target of checkpoints) {
    while (lines < target) {
      await renderer.feed(Buffer.from(screen.frame(0)));
      lines += linesPerFrame;
    }
    let total = 0;
    let after = 0;
    let truncated = false;
    for (let i = 0; i < looksPerCheckpoint; i++) {
      // Each look follows one new frame, as when an observer wakes on a write.
      await renderer.feed(Buffer.from(screen.frame(0)));
      lines += linesPerFrame;
      const cpu = cpuMs();
      const seen = look();
      total += cpuMs() - cpu;
      after = seen.after;
      truncated = seen.truncated;
    }
    points.push({ turn_log_lines: target, lines_read_per_look: after, truncated, cpu_ms_per_look: total / looksPerCheckpoint });
  }
  renderer.dispose();
  return { mode, cols, rows, scrollback: spec.scrollback ?? 1000, points };
}

const spec = JSON.parse(process.argv[2] ?? '{}');
const result = spec.task === 'looks' ? await looks(spec) : await throughput(spec);
process.stdout.write(`${JSON.stringify(result)}\n`);
