import { describe, expect, it } from 'vitest';
import { adapterShapeProblems } from '../src/adapter-shape.js';

/** A valid adapter written as plain data and functions, the way a plugin exports one. */
function adapter(): Record<string, unknown> {
  return {
    specificationVersion: 'v1',
    id: 'echo-plugin',
    displayName: 'Echo plugin',
    capabilities: { promptModes: ['arg', 'stdin'], defaultPromptMode: 'arg', modelSelection: false, readOnly: 'prompt_only' },
    detect: async () => null,
    launch: () => ({}),
    classify: () => ({}),
  };
}

function without(field: string): Record<string, unknown> {
  const value = adapter();
  delete value[field];
  return value;
}

function withCapability(field: string, value: unknown): Record<string, unknown> {
  const base = adapter();
  return { ...base, capabilities: { ...(base.capabilities as object), [field]: value } };
}

describe('adapterShapeProblems', () => {
  it('accepts a complete adapter, with or without the optional methods, and every built-in one', () => {
    expect(adapterShapeProblems(adapter())).toEqual([]);
    expect(
      adapterShapeProblems({
        ...adapter(),
        models: async () => [],
        signals: () => ({}),
        parseSignal: () => null,
        probeUsage: async () => ({}),
        testOnly: true,
      }),
    ).toEqual([]);
  });

  it.each([
    ['not an object', 'echo', ''],
    ['no specificationVersion', without('specificationVersion'), 'specificationVersion'],
    ['a newer specificationVersion', { ...adapter(), specificationVersion: 'v2' }, 'specificationVersion'],
    ['no id', without('id'), 'id'],
    ['an empty id', { ...adapter(), id: '' }, 'id'],
    ['an id with capitals and spaces', { ...adapter(), id: 'My Plugin' }, 'id'],
    ['an id starting with a dash', { ...adapter(), id: '-echo' }, 'id'],
    ['no displayName', without('displayName'), 'displayName'],
    ['a testOnly that is not a boolean', { ...adapter(), testOnly: 'yes' }, 'testOnly'],
    ['no capabilities', without('capabilities'), 'capabilities'],
    ['promptModes not an array', withCapability('promptModes', 'arg'), 'capabilities.promptModes'],
    ['an empty promptModes', withCapability('promptModes', []), 'capabilities.promptModes'],
    ['an unknown prompt mode', withCapability('promptModes', ['arg', 'paste']), 'capabilities.promptModes'],
    ['a defaultPromptMode outside promptModes', withCapability('defaultPromptMode', 'send_after_launch'), 'capabilities.defaultPromptMode'],
    ['no modelSelection', withCapability('modelSelection', undefined), 'capabilities.modelSelection'],
    ['an unknown readOnly', withCapability('readOnly', 'sandbox'), 'capabilities.readOnly'],
    ['a negative turnStartGraceMs', withCapability('turnStartGraceMs', -1), 'capabilities.turnStartGraceMs'],
    ['a commandLineExposure that is not text', withCapability('commandLineExposure', true), 'capabilities.commandLineExposure'],
    ['a parseSignal that is not a function', { ...adapter(), parseSignal: 'hooks' }, 'parseSignal'],
    ['no detect', without('detect'), 'detect'],
    ['a launch that is not a function', { ...adapter(), launch: 'run' }, 'launch'],
    ['no classify', without('classify'), 'classify'],
    ['a models that is not a function', { ...adapter(), models: ['gpt'] }, 'models'],
    ['a signals that is not a function', { ...adapter(), signals: {} }, 'signals'],
    ['a probeUsage that is not a function', { ...adapter(), probeUsage: true }, 'probeUsage'],
  ])('names the field for %s', (_case, value, field) => {
    const problems = adapterShapeProblems(value);
    expect(problems.map((problem) => problem.field)).toContain(field);
    expect(problems.every((problem) => problem.message.length > 0)).toBe(true);
  });
});
