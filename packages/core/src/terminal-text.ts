// Escape sequences a terminal program writes: CSI (colours, cursor moves, erase), OSC (titles,
// hyperlinks), DCS/APC strings, charset selection and single-character escapes.
const ESCAPES =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching terminal control sequences is the point
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][\s\S]*?(?:\u0007|\u001b\\)|\u001b[PX^_][\s\S]*?\u001b\\|\u001b[()*+][0-9A-Za-z]|\u001b[=>78cDEHMNOZ]|\u009b[0-?]*[ -/]*[@-~]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing stray control characters
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** Removes terminal escape sequences and control characters; turns carriage returns into line breaks. */
export function terminalToText(raw: string): string {
  return raw.replace(ESCAPES, '').replace(/\r+\n/g, '\n').replace(/\r/g, '\n').replace(CONTROL, '');
}

/** Splits screen text into lines without trailing spaces. */
export function screenLines(text: string): string[] {
  const lines = text.split('\n').map((line) => line.replace(/\s+$/, ''));
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

// Decoration TUIs put before a line: box edges, prompt arrows, bullets, quote bars.
const DECORATION = /^[\s│┃|>›❯»•●◆◇○*+-]*\s*/;

/** A line reduced to its words, for comparing what is on screen with what was sent. */
export function normaliseLine(line: string): string {
  return line
    .replace(DECORATION, '')
    .replace(/[\s│┃|]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Shortest screen fragment that counts as an echo of sent text when it is not a whole sent line. */
const ECHO_FRAGMENT_MIN = 12;

/**
 * Removes screen lines that only echo text the caller sent (the task, a follow-up), so the
 * caller's own words are never read as the worker's question, error or limit.
 */
export function withoutEcho(lines: readonly string[], sentTexts: readonly string[]): string[] {
  if (sentTexts.length === 0) return [...lines];
  const sent = sentTexts.map((text) => text.replace(/\s+/g, ' ').trim()).filter((text) => text.length > 0);
  const sentLines = new Set(sentTexts.flatMap((text) => text.split('\n').map(normaliseLine)).filter((line) => line.length > 0));
  return lines.filter((line) => {
    const words = normaliseLine(line);
    if (words.length === 0) return true;
    // A whole line the caller sent, or a long fragment of it (a wrapped echo). Short fragments
    // ("Error", "Done") stay: they are more likely the worker's own words.
    if (sentLines.has(words)) return false;
    return !(words.length >= ECHO_FRAGMENT_MIN && sent.some((text) => text.includes(words)));
  });
}
