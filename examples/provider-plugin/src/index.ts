import { definePlugin } from '@agentpool/core';
import { tallyProvider } from './tally-provider.js';

export { TALLY_PATH, tallyProvider } from './tally-provider.js';
export { classifyTallyScreen } from './tally-screen-rules.js';
export { parseTallyEvent } from './tally-signals.js';

/** What agentpool loads when config `plugins:` names this package. */
const plugin = definePlugin({ name: 'agentpool-provider-tally', providers: [tallyProvider] });
export default plugin;
