export type { FakeBehavior } from './fake-behaviors.js';
export { FAKE_BEHAVIORS, isFakeBehavior } from './fake-behaviors.js';
export { createFakeProvider, FAKE_AGENT_PATH, fakeProviders } from './fake-provider.js';
export {
  APPROVAL_STATUS,
  ERROR_STATUS,
  FOOTER_RULE,
  LIMIT_STATUS,
  QUESTION_STATUS,
  QUESTION_TEXT,
  WORKING_STATUS,
} from './fake-screen-markers.js';
export { classifyFakeScreen } from './fake-screen-rules.js';
export type { FakeUsageDocument, FakeUsageWindow } from './fake-usage.js';
export { FAKE_USAGE_FILE_VARIABLE, FAKE_USAGE_URL_VARIABLE, probeFakeUsage } from './fake-usage.js';
