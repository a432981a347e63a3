import { loadCapture } from '@agentpool/test-utils';
import { describe, expect, it } from 'vitest';
import { isLimitError, parseOpencodeEvent } from '../src/opencode-events.js';
import { opencodeSignalPlugin } from '../src/opencode-plugin.js';

// What agentpool's per-worker plugin recorded in real opencode 1.18.33 turns (the .signals.jsonl of each capture).
const kinds = (name: string) => loadCapture(name).signals.map((record) => parseOpencodeEvent(record.payload));

describe('parseOpencodeEvent on the plugin records of real opencode 1.18.33 turns', () => {
  it('approval: taken, working, the shell command asked for, approved, completed with the reply', () => {
    const capture = loadCapture('opencode-1.18.33-approval');
    const final = capture.meta.turns[0]?.reply.split(', then: ').at(-1);
    expect(kinds('opencode-1.18.33-approval')).toEqual([
      { kind: 'turn_started' },
      { kind: 'turn_started' },
      { kind: 'needs_input', input: 'approval', message: 'bash: touch x && rm -f x' },
      { kind: 'turn_started' },
      { kind: 'turn_completed', finalText: final },
    ]);
  });

  it('question: the question asked, answered, completed', () => {
    const events = kinds('opencode-1.18.33-question');
    expect(events.slice(2, 4)).toEqual([
      { kind: 'needs_input', input: 'question', message: 'Which scratch file should I remove?' },
      { kind: 'turn_started' },
    ]);
    expect(events.at(-1)).toMatchObject({ kind: 'turn_completed', finalText: expect.stringMatching(/^Removed x\./) });
  });

  it('working: completed with the whole reply, result block included', () => {
    const capture = loadCapture('opencode-1.18.33-working');
    const events = kinds('opencode-1.18.33-working');
    expect(events.at(-1)).toEqual({ kind: 'turn_completed', finalText: capture.meta.turns[0]?.reply });
    expect(events.filter((event) => event?.kind === 'turn_completed')).toHaveLength(1);
  });

  it('rate-limit: the retry after HTTP 429 is the limit, not work', () => {
    const events = kinds('opencode-1.18.33-rate-limit');
    expect(events.at(-1)).toMatchObject({ kind: 'limit_reached', message: expect.stringMatching(/^Rate limit reached for gpt-4o/) });
    expect(events.some((event) => event?.kind === 'turn_completed')).toBe(false);
  });

  it('api-error: HTTP 400 fails the turn once (opencode’s second session.idle is not recorded)', () => {
    const events = kinds('opencode-1.18.33-api-error').filter((event) => event !== null);
    expect(events.at(-1)).toEqual({
      kind: 'turn_failed',
      reason: 'invalid_request',
      message: "Unsupported parameter: 'max_tokens' is not supported with this model.",
    });
    expect(events.filter((event) => event.kind === 'turn_failed' || event.kind === 'turn_completed')).toHaveLength(2);
  });

  it('auth: HTTP 401 fails the turn as authentication_failed', () => {
    const events = kinds('opencode-1.18.33-auth').filter((event) => event !== null);
    expect(events.at(-1)).toMatchObject({
      kind: 'turn_failed',
      reason: 'authentication_failed',
      message: expect.stringMatching(/^Incorrect API key/),
    });
  });

  it('offline: retries without network are left to the screen (opencode goes busy again between them)', () => {
    const events = kinds('opencode-1.18.33-offline');
    expect(events.filter((event) => event !== null).map((event) => event?.kind)).toEqual(['turn_started', 'turn_started', 'turn_started']);
  });
});

describe('parseOpencodeEvent on documented shapes', () => {
  it.each([
    ['not json', null],
    ['{"type":"session.status","status":{"type":"idle"}}', null],
    [
      '{"type":"session.error","error":{"name":"ProviderAuthError","message":"no key"}}',
      { kind: 'turn_failed', reason: 'authentication_failed', message: 'no key' },
    ],
    ['{"type":"session.error","error":{"name":"MessageAbortedError"}}', { kind: 'needs_input', input: 'idle' }],
    [
      '{"type":"session.error","error":{"name":"APIError","message":"Too Many Requests","statusCode":429,"resetsAt":"2026-12-01T06:00:00.000Z"}}',
      { kind: 'limit_reached', message: 'Too Many Requests', resetsAt: '2026-12-01T06:00:00.000Z' },
    ],
    ['{"type":"session.idle","finalText":"done"}', { kind: 'turn_completed', finalText: 'done' }],
    [
      '{"type":"question.asked","questions":[{"header":"Pick","question":"Which one?"}]}',
      { kind: 'needs_input', input: 'question', message: 'Which one?' },
    ],
    ['{"type":"question.replied"}', { kind: 'turn_started' }],
  ])('%s', (payload, expected) => {
    const event = parseOpencodeEvent(payload);
    if (expected === null) expect(event).toBeNull();
    else expect(event).toMatchObject(expected);
  });

  it('isLimitError reads status 429 and the providers’ words', () => {
    expect(isLimitError({ statusCode: 429 })).toBe(true);
    expect(isLimitError({ message: 'You exceeded your current quota' })).toBe(true);
    expect(isLimitError({ statusCode: 500, message: 'Internal error' })).toBe(false);
  });
});

describe('opencodeSignalPlugin', () => {
  it('is a module that records through the recorder argv into the file, and never throws from its hook', async () => {
    const source = opencodeSignalPlugin(['/usr/bin/node', '-e', 'x', '--'], '/tmp/s/opencode-events.jsonl');
    expect(source).toContain('["/usr/bin/node","-e","x","--","/tmp/s/opencode-events.jsonl"]');
    const module = (await import(`data:text/javascript;base64,${Buffer.from(source).toString('base64')}`)) as {
      AgentpoolSignals: () => Promise<{ event: (input: { event: unknown }) => Promise<void> }>;
    };
    const hooks = await module.AgentpoolSignals();
    await expect(hooks.event({ event: null })).resolves.toBeUndefined();
    await expect(hooks.event({ event: { type: 'session.updated', properties: null } })).resolves.toBeUndefined();
  });
});
