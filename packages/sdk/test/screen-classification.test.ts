import type { Observation, ProviderAdapter, Screen } from '@agentpool/core';
import { describe, expect, it } from 'vitest';
import { checkScreenInput, classifySavedScreen, MAX_SCREEN_INPUT_BYTES } from '../src/index.js';

/** An adapter whose rules say what they were shown: the last line is its evidence. */
function recordingAdapter(seen: Screen[]): ProviderAdapter {
  return {
    specificationVersion: 'v1',
    id: 'recorder',
    displayName: 'Recorder',
    capabilities: {
      promptModes: ['send_after_launch'],
      defaultPromptMode: 'send_after_launch',
      modelSelection: false,
      readOnly: 'prompt_only',
    },
    detect: async () => null,
    launch: () => {
      throw new Error('not launched');
    },
    classify(screen): Observation {
      seen.push(screen);
      const last = [...screen.lines].reverse().find((line) => line.trim() !== '') ?? '';
      return { state: last.startsWith('>') ? 'ready' : 'unknown', confidence: 0.9, evidence: [last], rule: 'test.last' };
    },
  } as ProviderAdapter;
}

const SIZE = { cols: 80, rows: 24 };
const bytes = (text: string) => new TextEncoder().encode(text);

describe('checkScreenInput', () => {
  it('refuses empty, binary and oversized input with INVALID_REQUEST naming the input', () => {
    const refused = (input: Uint8Array) => {
      try {
        checkScreenInput(input, 'screen.txt');
      } catch (error) {
        return error as { code: string; message: string };
      }
      return null;
    };
    expect(refused(new Uint8Array())).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('screen.txt is empty') });
    expect(refused(bytes(`${'a'.repeat(100)}\u0000\u0000`))).toMatchObject({ message: expect.stringContaining('looks binary') });
    expect(refused(new Uint8Array([0xff, 0xfe, 0xfd, 0x41]))).toMatchObject({ message: expect.stringContaining('invalid UTF-8') });
    expect(refused(new Uint8Array(MAX_SCREEN_INPUT_BYTES + 1).fill(0x61))).toMatchObject({ message: expect.stringContaining('8 MiB') });
  });

  it('takes text, escape sequences, one stray byte in a long screen, and a character cut at the end', () => {
    expect(() => checkScreenInput(bytes('> \n'), 'a')).not.toThrow();
    expect(() => checkScreenInput(bytes('\u001b[2J\u001b[H> ready\u0007\r\n'), 'a')).not.toThrow();
    expect(() => checkScreenInput(bytes(`${'x'.repeat(500)}\u0000${'y'.repeat(500)}`), 'a')).not.toThrow();
    expect(() => checkScreenInput(bytes('> ❯').subarray(0, 4), 'a')).not.toThrow();
    expect(() => checkScreenInput(new Uint8Array(MAX_SCREEN_INPUT_BYTES).fill(0x61), 'a')).not.toThrow();
  });
});

describe('classifySavedScreen', () => {
  it('takes text as its lines; --height keeps the last N', async () => {
    const seen: Screen[] = [];
    const text = await classifySavedScreen(recordingAdapter(seen), bytes('one\ntwo\n> \n'), { name: 'a', defaultSize: SIZE });
    expect(text).toMatchObject({ kind: 'text', observation: { state: 'ready' } });
    expect(seen[0]?.lines).toEqual(['one', 'two', '> ']);
    await classifySavedScreen(recordingAdapter(seen), bytes('one\r\ntwo\r\n> \r\n'), { name: 'a', height: 2, defaultSize: SIZE });
    expect(seen[1]).toMatchObject({ lines: ['two', '> '], height: 2 });
  });

  it('renders a stream with escapes at the given size, so what was overwritten is gone', async () => {
    const seen: Screen[] = [];
    const stream = bytes('working…\r\n\u001b[2J\u001b[H> \r\n');
    const result = await classifySavedScreen(recordingAdapter(seen), stream, { name: 'a', width: 40, height: 10, defaultSize: SIZE });
    expect(result).toMatchObject({ kind: 'terminal_stream', sizeBytes: stream.length, observation: { state: 'ready' } });
    expect(seen[0]).toMatchObject({ width: 40, height: 10 });
    expect(seen[0]?.lines.join('\n')).not.toContain('working');
    await classifySavedScreen(recordingAdapter(seen), stream, { name: 'a', defaultSize: SIZE });
    expect(seen[1]).toMatchObject({ width: 80, height: 24 });
  });

  it('an adapter that throws fails with ADAPTER_FAILED naming it', async () => {
    const adapter = {
      ...recordingAdapter([]),
      classify: () => {
        throw new Error('bad rule');
      },
    } as ProviderAdapter;
    await expect(classifySavedScreen(adapter, bytes('> \n'), { name: 'a', defaultSize: SIZE })).rejects.toMatchObject({
      code: 'ADAPTER_FAILED',
      message: expect.stringContaining('recorder failed to classify the screen: bad rule'),
    });
  });
});
