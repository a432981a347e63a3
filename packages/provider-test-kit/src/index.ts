export type { StreamPoint } from './capture-screens.js';
export { firstScreenWhere, isCallersText, moment, screenAt, streamEnd, turnStart } from './capture-screens.js';
