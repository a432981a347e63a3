import { describe, expect, it } from 'vitest';
import { AgentPoolError, ERROR_CODES, type ErrorCode, exitCodeFor, toAgentPoolError } from '../src/errors.js';

// The marker a second copy of @agentpool/core would use: the same global symbol.
const FOREIGN_MARKER = Symbol.for('agentpool.error');

describe('exitCodeFor', () => {
  it.each<[ErrorCode, 1 | 2]>([
    ['INVALID_REQUEST', 2],
    ['INVALID_TASK', 2],
    ['INVALID_WAIT_FOR', 2],
    ['PROVIDER_NOT_FOUND', 2],
    ['PROVIDER_AUTO_REJECTED', 2],
    ['SESSION_NOT_FOUND', 2],
    ['CONFIG_INVALID', 2],
    ['CAPABILITY_UNSUPPORTED', 2],
    ['PROVIDER_NOT_INSTALLED', 1],
    ['PROVIDER_NOT_EXECUTABLE', 1],
    ['POLICY_BLOCKED', 1],
    ['USAGE_POLICY_BLOCKED', 1],
    ['PARALLEL_LIMIT_REACHED', 1],
    ['TMUX_FAILED', 1],
    ['STORE_FAILED', 1],
    ['INTERNAL', 1],
  ])('%s exits with %i', (code, exit) => {
    expect(exitCodeFor(new AgentPoolError(code, 'boom'))).toBe(exit);
  });

  it('maps every code by its kind: usage is 2, operational is 1', () => {
    for (const [code, kind] of Object.entries(ERROR_CODES) as [ErrorCode, 'usage' | 'operational'][]) {
      const error = new AgentPoolError(code, 'boom');
      expect(error.kind).toBe(kind);
      expect(exitCodeFor(error)).toBe(kind === 'usage' ? 2 : 1);
    }
  });

  it.each([new Error('plain'), 'a string', null, undefined, { code: 'INVALID_TASK' }])('anything else exits with 1 (%s)', (value) => {
    expect(exitCodeFor(value)).toBe(1);
  });
});

describe('AgentPoolError.isInstance', () => {
  it('recognises its own errors', () => {
    expect(AgentPoolError.isInstance(new AgentPoolError('INTERNAL', 'x'))).toBe(true);
  });

  it('recognises an error made by another copy of the class (duplicate install)', () => {
    // A different class, as a duplicate install would define it.
    class OtherAgentPoolError extends Error {
      readonly [FOREIGN_MARKER] = true;
      readonly code = 'INVALID_TASK' as const;
      readonly details = {};
      readonly hint = undefined;
      get kind() {
        return 'usage' as const;
      }
    }
    const foreign = new OtherAgentPoolError('from elsewhere');
    expect(foreign instanceof AgentPoolError).toBe(false);
    expect(AgentPoolError.isInstance(foreign)).toBe(true);
    expect(exitCodeFor(foreign)).toBe(2);
    expect(toAgentPoolError(foreign)).toBe(foreign);
  });

  it.each([new Error('x'), { code: 'INTERNAL', message: 'x' }, { [Symbol('agentpool.error')]: true }, 'x', 42, null, undefined])(
    'rejects %s',
    (value) => {
      expect(AgentPoolError.isInstance(value)).toBe(false);
    },
  );
});

describe('AgentPoolError', () => {
  it('keeps code, message, details, hint and cause', () => {
    const cause = new Error('root');
    const error = new AgentPoolError('SESSION_NOT_FOUND', 'No session ses_x.', {
      details: { session_id: 'ses_x' },
      hint: 'agentpool list',
      cause,
    });
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('AgentPoolError');
    expect(error.code).toBe('SESSION_NOT_FOUND');
    expect(error.message).toBe('No session ses_x.');
    expect(error.details).toEqual({ session_id: 'ses_x' });
    expect(error.hint).toBe('agentpool list');
    expect(error.cause).toBe(cause);
  });

  it('defaults details to an empty object and hint to undefined', () => {
    const error = new AgentPoolError('INTERNAL', 'x');
    expect(error.details).toEqual({});
    expect(error.hint).toBeUndefined();
    expect(error.cause).toBeUndefined();
  });

  it('toJSON puts the hint under details.example without changing details', () => {
    const error = new AgentPoolError('INVALID_TASK', 'The task is empty.', { details: { task: '' }, hint: 'agentpool spawn --task "…"' });
    expect(error.toJSON()).toEqual({
      code: 'INVALID_TASK',
      message: 'The task is empty.',
      retryable: false,
      details: { task: '', example: 'agentpool spawn --task "…"' },
    });
    expect(error.details).toEqual({ task: '' });
    expect(JSON.parse(JSON.stringify(error))).toEqual(error.toJSON());
  });

  it('says whether trying again may help: by code, unless the thrower knows better', () => {
    expect(new AgentPoolError('USAGE_PROBE_FAILED', 'probe timed out').retryable).toBe(true);
    expect(new AgentPoolError('UNKNOWN_ACCOUNT', 'no account "x"').retryable).toBe(false);
    expect(new AgentPoolError('AUTH_REQUIRED', 'log in first').retryable).toBe(false);
    expect(new AgentPoolError('ADAPTER_FAILED', 'bad plugin', { retryable: false }).retryable).toBe(false);
    expect(exitCodeFor(new AgentPoolError('UNKNOWN_ACCOUNT', 'x'))).toBe(2);
    expect(exitCodeFor(new AgentPoolError('AUTH_REQUIRED', 'x'))).toBe(1);
  });

  it('toJSON has no example when there is no hint', () => {
    const json = new AgentPoolError('INTERNAL', 'x', { details: { a: 1 } }).toJSON();
    expect(json.details).toEqual({ a: 1 });
    expect('example' in json.details).toBe(false);
  });
});

describe('toAgentPoolError', () => {
  it('returns an AgentPoolError unchanged', () => {
    const error = new AgentPoolError('GIT_FAILED', 'x');
    expect(toAgentPoolError(error)).toBe(error);
  });

  it('wraps an Error as INTERNAL, keeping its message and the original as cause', () => {
    const original = new TypeError('bad thing');
    const wrapped = toAgentPoolError(original);
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('bad thing');
    expect(wrapped.cause).toBe(original);
    expect(exitCodeFor(wrapped)).toBe(1);
  });

  it('wraps a thrown string', () => {
    const wrapped = toAgentPoolError('oops');
    expect(wrapped.code).toBe('INTERNAL');
    expect(wrapped.message).toBe('oops');
  });
});
