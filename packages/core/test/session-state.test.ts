import { describe, expect, it } from 'vitest';
import { ATTENTION_STATES, FINAL_STATES, isSessionState, parseWaitFor, SESSION_STATES } from '../src/session-state.js';
import { catchAgentPoolError } from './catch-agentpool-error.js';

describe('parseWaitFor', () => {
  it.each<[string | string[], string[]]>([
    ['completed', ['completed']],
    ['completed,question', ['completed', 'question']],
    [' completed , question ,approval_prompt ', ['completed', 'question', 'approval_prompt']],
    ['completed,,question,', ['completed', 'question']],
    ['question,completed,question', ['question', 'completed']],
    [
      ['error', ' idle '],
      ['error', 'idle'],
    ],
    [['completed', 'completed'], ['completed']],
  ])('%j → %j', (input, expected) => {
    expect(parseWaitFor(input)).toEqual(expected);
  });

  it('accepts every session state', () => {
    expect(parseWaitFor(SESSION_STATES.join(','))).toEqual([...SESSION_STATES]);
  });

  it.each(['completed,done', 'finished', 'Completed', 'completed,questions,waiting'])('rejects unknown states in %j', (input) => {
    const error = catchAgentPoolError(() => parseWaitFor(input));
    expect(error.code).toBe('INVALID_WAIT_FOR');
    expect(error.kind).toBe('usage');
    expect(error.details.valid).toEqual(SESSION_STATES);
    const unknown = input.split(',').filter((part) => !isSessionState(part));
    expect(error.details.unknown).toEqual(unknown);
    for (const name of unknown) expect(error.message).toContain(name);
    expect(error.hint).toContain('--wait-for');
  });

  it.each<string | string[]>(['', '  ', ',', ' , ,', [], ['', ' ']])('rejects an empty list (%j)', (input) => {
    const error = catchAgentPoolError(() => parseWaitFor(input));
    expect(error.code).toBe('INVALID_WAIT_FOR');
    expect(error.details.valid).toEqual(SESSION_STATES);
  });
});

describe('session state lists', () => {
  it('isSessionState knows every state and nothing else', () => {
    for (const state of SESSION_STATES) expect(isSessionState(state)).toBe(true);
    for (const other of ['', 'done', 'running', 'COMPLETED', 'completed ']) expect(isSessionState(other)).toBe(false);
  });

  it('final and attention states are session states; working and starting need no attention', () => {
    for (const state of [...FINAL_STATES, ...ATTENTION_STATES]) expect(isSessionState(state)).toBe(true);
    expect(FINAL_STATES).toEqual(['exited', 'cancelled']);
    expect(ATTENTION_STATES).not.toContain('working');
    expect(ATTENTION_STATES).not.toContain('starting');
    expect(ATTENTION_STATES).toContain('completed');
    expect(ATTENTION_STATES).toContain('question');
  });
});
