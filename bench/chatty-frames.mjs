// Output of a chatty coding-agent TUI, drawn the way the real ones draw it. Used by the chatty worker
// (bench/chatty-worker.mjs, run in a real pane) and, as a synthetic stream, by the render-cost bench.
//
// `normal`: like Claude Code — log lines printed above a footer that is erased (cursor up, erase
// below) and redrawn on every frame, each frame wrapped in DEC synchronized output.
// `alternate`: like Codex in its alternate screen — the whole screen redrawn with cursor moves on
// every frame (header, the tail of the log, footer); lines leave the top as the log grows.
//
// The footer uses the fake agent's vocabulary (a rule of ─, a status line with "esc to interrupt"
// while working, an input line starting with "› "), so the fake providers' screen rules read it.

const FOOTER_RULE = '─'.repeat(40);
const INPUT_LINE = '› ';
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const SYNC_BEGIN = '\x1b[?2026h';
const SYNC_END = '\x1b[?2026l';
const WORDS =
  'the renderer keeps one terminal per session and feeds it only the bytes written since the last look while the worker streams its reasoning tool calls and diffs'.split(
    ' ',
  );
const FILES = ['src/index.ts', 'src/session.ts', 'packages/core/src/errors.ts', 'README.md', 'test/observe.test.ts', 'bench/run.mjs'];

/** A deterministic log line of varying length and colour; every 25th one is longer than the pane is wide (it wraps). */
function logLine(n, cols) {
  const kind = n % 7;
  const words = [];
  const count = n % 25 === 0 ? Math.ceil(cols / 5) + 10 : 6 + ((n * 7) % 17);
  for (let i = 0; i < count; i++) words.push(WORDS[(n * 3 + i * 5) % WORDS.length]);
  const text = words.join(' ');
  const stamp = `\x1b[2m${String(Math.floor(n / 10)).padStart(5, '0')}.${n % 10}\x1b[22m`;
  if (kind === 0) return `${stamp} \x1b[1;36m● Read\x1b[0m(${FILES[n % FILES.length]}) \x1b[2m${text}\x1b[22m`;
  if (kind === 3) return `${stamp} \x1b[32m+ ${text}\x1b[39m`;
  if (kind === 5) return `${stamp} \x1b[31m- ${text}\x1b[39m`;
  return `${stamp} ${text}`;
}

function statusLine(frame, elapsedS) {
  return `${SPINNER[frame % SPINNER.length]} Working… (esc to interrupt) · ${elapsedS}s · ↓ ${(frame * 0.37).toFixed(1)}k tokens`;
}

export const RESULT_BLOCK = [
  'AGENTPOOL_RESULT_START',
  'Summary: streamed a long chatty turn for the benchmark.',
  'Findings: none',
  'Files changed: none',
  'Commands run: none',
  'Tests run: none',
  'Blockers: none',
  'Confidence: high',
  'AGENTPOOL_RESULT_END',
];

/**
 * A screen drawer. `start()` returns the first bytes, `frame(elapsedS)` one more frame with
 * `linesPerFrame` new log lines, `finish(lines)` the bytes that end the turn with `lines` and an
 * empty input line (the ready footer).
 */
export function createChattyScreen({ mode, cols, rows, linesPerFrame = 1 }) {
  let frameNo = 0;
  let lineNo = 0;
  const log = [];
  const header = [`╭─ chatty-worker · ${mode} ───╮`, `│ cwd: /bench`, '╰────╯'];

  if (mode === 'normal') {
    let footerRows = 0;
    const erase = () => (footerRows > 1 ? `\r\x1b[${footerRows - 1}A\x1b[J` : footerRows === 1 ? '\r\x1b[J' : '');
    const draw = (lines, footer) => {
      let out = SYNC_BEGIN + erase();
      for (const line of lines) out += `${line}\r\n`;
      out += footer.join('\r\n');
      footerRows = footer.length;
      return out + SYNC_END;
    };
    return {
      start: () => `\x1b[?2004h${draw(header, [FOOTER_RULE, statusLine(0, 0), INPUT_LINE])}`,
      frame(elapsedS) {
        frameNo++;
        const lines = [];
        for (let i = 0; i < linesPerFrame; i++) lines.push(logLine(++lineNo, cols));
        return draw(lines, [FOOTER_RULE, statusLine(frameNo, elapsedS), INPUT_LINE]);
      },
      finish: (lines) => draw(['', ...lines], [FOOTER_RULE, INPUT_LINE]),
    };
  }

  // Alternate screen: rows 1–3 header, then the log's tail, a blank row, and a three-row footer.
  const logRows = rows - 3 - 4;
  const screen = (footer) => {
    const tail = log.slice(-logRows);
    const body = [...header, ...tail, ...Array(logRows - tail.length).fill(''), '', ...footer];
    let out = `${SYNC_BEGIN}\x1b[H`;
    body.forEach((line, index) => {
      // A line is cut at the pane's width, as a full-screen program lays it out.
      out += `\x1b[${index + 1};1H${line.length > cols ? line.slice(0, cols) : line}\x1b[K`;
    });
    return out + SYNC_END;
  };
  return {
    start: () => `\x1b[?2004h\x1b[?1049h\x1b[H\x1b[2J${screen([FOOTER_RULE, statusLine(0, 0), INPUT_LINE])}`,
    frame(elapsedS) {
      frameNo++;
      for (let i = 0; i < linesPerFrame; i++) log.push(logLine(++lineNo, cols));
      if (log.length > logRows) log.splice(0, log.length - logRows);
      return screen([FOOTER_RULE, statusLine(frameNo, elapsedS), INPUT_LINE]);
    },
    finish(lines) {
      log.push('', ...lines);
      return screen([FOOTER_RULE, '', INPUT_LINE]);
    },
  };
}

/** `bytes` or more of a chatty stream (the frames a worker would write, concatenated), ended with a result block. */
export function syntheticChattyStream({ mode, cols, rows, linesPerFrame, bytes }) {
  const screen = createChattyScreen({ mode, cols, rows, linesPerFrame });
  const parts = [screen.start()];
  let size = Buffer.byteLength(parts[0]);
  for (let frame = 1; size < bytes; frame++) {
    const part = screen.frame(Math.floor(frame / 10));
    parts.push(part);
    size += Buffer.byteLength(part);
  }
  parts.push(screen.finish(RESULT_BLOCK));
  return Buffer.from(parts.join(''));
}
