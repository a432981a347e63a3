import type { PromptMode, ProviderCapabilities } from './provider-adapter.js';

/** One way a value falls short of ProviderAdapterV1: the field (dotted) and what is wrong. */
export interface AdapterShapeProblem {
  readonly field: string;
  readonly message: string;
}

/** Provider ids are used on the command line, in tmux names and branches. */
export const PROVIDER_ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
const PROMPT_MODES: readonly PromptMode[] = ['arg', 'send_after_launch', 'stdin'];
const READ_ONLY_ENFORCEMENTS: readonly ProviderCapabilities['readOnly'][] = ['provider_flag', 'prompt_only'];
const REQUIRED_METHODS = ['detect', 'launch', 'classify'] as const;
const OPTIONAL_METHODS = [
  'models',
  'signals',
  'parseSignal',
  'probeUsage',
  'tokenLogs',
  'conversationId',
  'conversationFiles',
  'resume',
] as const;

const describeValue = (value: unknown): string =>
  value === undefined
    ? 'nothing'
    : typeof value === 'string'
      ? JSON.stringify(value).slice(0, 60)
      : Array.isArray(value)
        ? 'an array'
        : typeof value;

function capabilityProblems(capabilities: Record<string, unknown>): AdapterShapeProblem[] {
  const problems: AdapterShapeProblem[] = [];
  const { promptModes, defaultPromptMode, modelSelection, readOnly, turnStartGraceMs, commandLineExposure } = capabilities;
  const modes = Array.isArray(promptModes) ? (promptModes as unknown[]) : null;
  if (!modes || modes.length === 0 || !modes.every((mode) => PROMPT_MODES.includes(mode as PromptMode))) {
    problems.push({
      field: 'capabilities.promptModes',
      message: `must be a non-empty array of ${PROMPT_MODES.join(', ')}; got ${modes ? JSON.stringify(modes).slice(0, 60) : describeValue(promptModes)}`,
    });
  }
  if (!PROMPT_MODES.includes(defaultPromptMode as PromptMode) || (modes && !modes.includes(defaultPromptMode))) {
    problems.push({
      field: 'capabilities.defaultPromptMode',
      message: `must be one of capabilities.promptModes; got ${describeValue(defaultPromptMode)}`,
    });
  }
  if (typeof modelSelection !== 'boolean') {
    problems.push({ field: 'capabilities.modelSelection', message: `must be true or false; got ${describeValue(modelSelection)}` });
  }
  if (!READ_ONLY_ENFORCEMENTS.includes(readOnly as ProviderCapabilities['readOnly'])) {
    problems.push({
      field: 'capabilities.readOnly',
      message: `must be ${READ_ONLY_ENFORCEMENTS.join(' or ')}; got ${describeValue(readOnly)}`,
    });
  }
  if (
    turnStartGraceMs !== undefined &&
    !(typeof turnStartGraceMs === 'number' && Number.isFinite(turnStartGraceMs) && turnStartGraceMs >= 0)
  ) {
    problems.push({
      field: 'capabilities.turnStartGraceMs',
      message: `must be zero or more milliseconds when present; got ${describeValue(turnStartGraceMs)}`,
    });
  }
  if (commandLineExposure !== undefined && typeof commandLineExposure !== 'string') {
    problems.push({
      field: 'capabilities.commandLineExposure',
      message: `must be a string when present; got ${describeValue(commandLineExposure)}`,
    });
  }
  return problems;
}

/** Every way `value` is not a ProviderAdapterV1 a plugin may register; empty when it is one. Pure. */
export function adapterShapeProblems(value: unknown): AdapterShapeProblem[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return [{ field: '', message: `must be an object implementing ProviderAdapterV1; got ${describeValue(value)}` }];
  }
  const adapter = value as Record<string, unknown>;
  const problems: AdapterShapeProblem[] = [];
  if (adapter.specificationVersion !== 'v1') {
    problems.push({ field: 'specificationVersion', message: `must be "v1"; got ${describeValue(adapter.specificationVersion)}` });
  }
  if (typeof adapter.id !== 'string' || !PROVIDER_ID_PATTERN.test(adapter.id)) {
    problems.push({
      field: 'id',
      message: `must be lowercase letters, digits and dashes (like "my-cli"); got ${describeValue(adapter.id)}`,
    });
  }
  if (typeof adapter.displayName !== 'string') {
    problems.push({ field: 'displayName', message: `must be a string; got ${describeValue(adapter.displayName)}` });
  }
  if (adapter.testOnly !== undefined && typeof adapter.testOnly !== 'boolean') {
    problems.push({ field: 'testOnly', message: `must be true or false when present; got ${describeValue(adapter.testOnly)}` });
  }
  if (typeof adapter.capabilities !== 'object' || adapter.capabilities === null || Array.isArray(adapter.capabilities)) {
    problems.push({ field: 'capabilities', message: `must be an object; got ${describeValue(adapter.capabilities)}` });
  } else {
    problems.push(...capabilityProblems(adapter.capabilities as Record<string, unknown>));
  }
  for (const method of REQUIRED_METHODS) {
    if (typeof adapter[method] !== 'function')
      problems.push({ field: method, message: `must be a function; got ${describeValue(adapter[method])}` });
  }
  for (const method of OPTIONAL_METHODS) {
    if (adapter[method] !== undefined && typeof adapter[method] !== 'function') {
      problems.push({ field: method, message: `must be a function when present; got ${describeValue(adapter[method])}` });
    }
  }
  // A resume needs the conversation's id, which only `conversationId` reads from the worker's signals.
  if (typeof adapter.resume === 'function' && typeof adapter.conversationId !== 'function') {
    problems.push({ field: 'conversationId', message: 'must be a function when resume is present (it reads the id resume continues)' });
  }
  return problems;
}
