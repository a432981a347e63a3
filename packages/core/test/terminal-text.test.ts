import { describe, expect, it } from 'vitest';
import { normaliseLine, screenLines, terminalToText, withoutEcho } from '../src/terminal-text.js';

const ESC = '\u001b';
const BEL = '\u0007';
const ST = `${ESC}\\`;

describe('terminalToText', () => {
  it.each<[string, string, string]>([
    ['SGR colours', `${ESC}[1;32mgreen${ESC}[0m and ${ESC}[38;5;208morange${ESC}[m`, 'green and orange'],
    ['cursor moves and erases', `${ESC}[2J${ESC}[H${ESC}[10;5Hhere${ESC}[K${ESC}[2A${ESC}[3C!`, 'here!'],
    ['private modes (cursor, bracketed paste on/off)', `${ESC}[?25l${ESC}[?2004hready${ESC}[?2004l${ESC}[?25h`, 'ready'],
    ['an OSC title ended by BEL', `${ESC}]0;codex — ~/repo${BEL}prompt`, 'prompt'],
    ['an OSC title ended by ST', `${ESC}]2;claude${ST}prompt`, 'prompt'],
    ['an OSC 8 hyperlink', `see ${ESC}]8;;https://example.com${ST}the docs${ESC}]8;;${ST} now`, 'see the docs now'],
    ['bracketed-paste markers', `${ESC}[200~pasted task${ESC}[201~`, 'pasted task'],
    ['charset selection and keypad modes', `${ESC}(Ba${ESC})0b${ESC}=c${ESC}>d${ESC}7e${ESC}8`, 'abcde'],
    ['a DCS string', `x${ESC}Pq#0;2;0;0;0${ST}y`, 'xy'],
    ['an 8-bit CSI', '\u009b31mred\u009b0m', 'red'],
    ['stray control characters', `a\u0000b\u0008c${BEL}d\u007fe\u000bf`, 'abcdef'],
    ['tabs are kept', 'a\tb', 'a\tb'],
  ])('strips %s', (_name, raw, expected) => {
    expect(terminalToText(raw)).toBe(expected);
  });

  it.each<[string, string, string]>([
    ['CRLF', 'one\r\ntwo\r\n', 'one\ntwo\n'],
    ['CR CR LF', 'one\r\r\ntwo', 'one\ntwo'],
    ['a lone CR (progress redraw)', 'progress 10%\rprogress 100%\n', 'progress 10%\nprogress 100%\n'],
    ['LF CR LF keeps the blank line', 'a\n\r\nb', 'a\n\nb'],
    ['plain LF', 'a\nb', 'a\nb'],
  ])('turns %s into line breaks', (_name, raw, expected) => {
    expect(terminalToText(raw)).toBe(expected);
  });

  it('keeps Unicode text and box drawing', () => {
    expect(terminalToText(`${ESC}[2m╭──╮${ESC}[0m\n│ héllo › ✓ │`)).toBe('╭──╮\n│ héllo › ✓ │');
  });
});

describe('screenLines', () => {
  it('drops trailing spaces and trailing blank lines but keeps inner blank lines', () => {
    expect(screenLines('a  \n\nb\t\n   \n\n')).toEqual(['a', '', 'b']);
  });

  it('keeps leading indentation', () => {
    expect(screenLines('  indented\n')).toEqual(['  indented']);
  });

  it('an empty screen has no lines', () => {
    expect(screenLines('\n\n  \n')).toEqual([]);
  });
});

describe('normaliseLine', () => {
  it.each([
    ['  │ › hello    world  │ ', 'hello world'],
    ['┃ quoted text ┃', 'quoted text'],
    ['> quoted reply', 'quoted reply'],
    ['❯ 3 + 4', '3 + 4'],
    ['• bullet point', 'bullet point'],
    ['● Tool call', 'Tool call'],
    ['- item one', 'item one'],
    ['plain\ttext  with   gaps', 'plain text with gaps'],
    ['│    │', ''],
    ['', ''],
  ])('%j → %j', (line, expected) => {
    expect(normaliseLine(line)).toBe(expected);
  });
});

describe('withoutEcho', () => {
  const task = 'Inspect the repository and summarise how the build works, listing every script that runs during CI. Is the cache used?';

  it('returns every line when nothing was sent', () => {
    const lines = ['Inspect the repository and summarise', 'ok'];
    expect(withoutEcho(lines, [])).toEqual(lines);
  });

  it('drops a line that echoes the whole sent text', () => {
    expect(withoutEcho([task, 'Working…'], [task])).toEqual(['Working…']);
  });

  it('drops wrapped fragments of the echo, with prompt and box decoration', () => {
    const screen = [
      '╭──────────────────────────────────────────────╮',
      '│ › Inspect the repository and summarise how  │',
      '│   the build works, listing every script     │',
      '│   that runs during CI. Is the cache used?   │',
      '╰──────────────────────────────────────────────╯',
      '• The build runs tsup through turbo.',
      'Should I also check the release workflow?',
    ];
    expect(withoutEcho(screen, [task])).toEqual([
      '╭──────────────────────────────────────────────╮',
      '╰──────────────────────────────────────────────╯',
      '• The build runs tsup through turbo.',
      'Should I also check the release workflow?',
    ]);
  });

  it('drops echoes of a multi-line task and of any of several sent texts', () => {
    const sent = ['Fix the failing test.\nThen   run the suite again.', 'Also update the changelog please'];
    const screen = [
      '> Fix the failing test.',
      '  Then run the suite again.',
      '› Also update the changelog please',
      'Done: 3 files changed',
    ];
    expect(withoutEcho(screen, sent)).toEqual(['Done: 3 files changed']);
  });

  it('keeps short lines even when the sent text contains them', () => {
    const sent = ['Answer yes or no: is it ok to run?'];
    expect(withoutEcho(['yes', 'ok', 'no', '', '│'], sent)).toEqual(['yes', 'ok', 'no', '', '│']);
  });

  it('keeps lines that only share some words with the sent text', () => {
    const screen = ['The build works, but one script fails.', 'Error: cannot find module tsup', 'Is the cache used? Yes, by turbo.'];
    expect(withoutEcho(screen, [task])).toEqual(screen);
  });

  it('ignores blank sent texts', () => {
    expect(withoutEcho(['some worker output here'], ['', '   '])).toEqual(['some worker output here']);
  });
});
