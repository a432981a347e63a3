import { describe, expect, it } from 'vitest';
import { locateYamlPath } from '../src/yaml-locate.js';

const CONFIG = [
  '# agentpool configuration', // 1
  'version: 1', // 2
  '', // 3
  'tmux:', // 4
  '  # which tmux', // 5
  '  binary: tmux', // 6
  '  width: 200', // 7
  'policy:', // 8
  '', // 9
  '  # the cap', // 10
  '  max_parallel_sessions: 4', // 11
  '  denied_providers:', // 12
  '    - fake-question', // 13
  '  binary: not-really-here', // 14
  'providers:', // 15
  '  claude-code:', // 16
  '    binary: claude', // 17
  '  codex-cli:', // 18
  '    binary: codex', // 19
  '    env:', // 20
  '      CODEX_HOME: /tmp/codex', // 21
  '', // 22
].join('\n');

describe('locateYamlPath', () => {
  it.each<[string[], number, number]>([
    [['version'], 2, 1],
    [['tmux'], 4, 1],
    [['tmux', 'binary'], 6, 3],
    [['tmux', 'width'], 7, 3],
    [['policy', 'max_parallel_sessions'], 11, 3],
    [['policy', 'denied_providers'], 12, 3],
    [['policy', 'binary'], 14, 3],
    [['providers', 'claude-code', 'binary'], 17, 5],
    [['providers', 'codex-cli', 'binary'], 19, 5],
    [['providers', 'codex-cli', 'env', 'CODEX_HOME'], 21, 7],
  ])('%j is at line %i, column %i (comments and blank lines skipped)', (path, line, column) => {
    expect(locateYamlPath(CONFIG, path)).toEqual({ line, column });
  });

  it.each<[string[], number, number]>([
    [['policy', 'max_paralel'], 8, 1],
    [['providers', 'codex-cli', 'model'], 18, 3],
    [['providers', 'gemini-cli', 'binary'], 15, 1],
    [['tmux', 'height'], 4, 1],
  ])('a missing key %j gives its deepest written ancestor (line %i)', (path, line, column) => {
    expect(locateYamlPath(CONFIG, path)).toEqual({ line, column });
  });

  it('returns null when not even the first key is written', () => {
    expect(locateYamlPath(CONFIG, ['observe', 'quiescence_ms'])).toBeNull();
    expect(locateYamlPath(CONFIG, [])).toBeNull();
    expect(locateYamlPath('', ['policy'])).toBeNull();
  });

  it('does not confuse a same-named key under another parent', () => {
    const text = ['binary: top', 'tmux:', '  binary: tmux', 'policy:', '  nested:', '    binary: deep', '  binary: here', ''].join('\n');
    expect(locateYamlPath(text, ['policy', 'binary'])).toEqual({ line: 7, column: 3 });
    expect(locateYamlPath(text, ['tmux', 'binary'])).toEqual({ line: 3, column: 3 });
    expect(locateYamlPath(text, ['binary'])).toEqual({ line: 1, column: 1 });
  });

  it('does not look past the end of the parent block', () => {
    const text = ['policy:', '  allow_raw_keys: true', 'tmux:', '  frob: 1', ''].join('\n');
    expect(locateYamlPath(text, ['policy', 'frob'])).toEqual({ line: 1, column: 1 });
  });

  it('does not take a key with the same prefix', () => {
    const text = ['policy_old:', '  x: 1', 'policy:', '  x: 2', ''].join('\n');
    expect(locateYamlPath(text, ['policy', 'x'])).toEqual({ line: 4, column: 3 });
  });

  it('handles quoted keys, CRLF line ends and a document marker', () => {
    expect(locateYamlPath('---\r\n"policy":\r\n  \'x\': 1\r\n', ['policy', 'x'])).toEqual({ line: 3, column: 3 });
  });

  it('ignores array indexes in the path and returns the nearest key', () => {
    expect(locateYamlPath('plugins:\n  - ""\n', ['plugins', 0])).toEqual({ line: 1, column: 1 });
  });

  it('gives the parent for a flow-style mapping', () => {
    expect(locateYamlPath('version: 1\npolicy: { frob: 1 }\n', ['policy', 'frob'])).toEqual({ line: 2, column: 1 });
  });
});
