export type { StreamPoint } from './capture-screens.js';
export { captureScreen, firstScreenWhere, isCallersText, moment, screenAt, streamEnd, turnStart } from './capture-screens.js';
export type { CapturedScreenCase } from './captured-screen-case.js';
export { evidenceMatchers } from './captured-screen-case.js';
export type { ConformanceOptions, ConformanceScreen } from './conformance.js';
export { runProviderConformance } from './conformance.js';
export { launchRequest } from './launch-request.js';
export type { ScreenCase } from './screen-case.js';
export { expectScreenCase } from './screen-case.js';
