import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineProvider, findExecutable, type ProviderContext, readVersion } from '@agentpool/core';
import { classifyTallyScreen } from './tally-screen-rules.js';
import { parseTallyEvent } from './tally-signals.js';

/** The tally program this package ships (config `providers.tally.binary` names another). */
export const TALLY_PATH = fileURLToPath(new URL('../bin/tally.mjs', import.meta.url));
const EVENTS_FILE = 'tally-events.jsonl';

const binaryFor = (context: ProviderContext) =>
  context.settings.binary ? findExecutable(context.settings.binary, context.env) : TALLY_PATH;

/**
 * The adapter for tally, written against the public contract only (`@agentpool/core`): what a
 * built-in adapter does, a plugin does the same way — detect, launch with a model and an enforced
 * read-only mode, native signals through agentpool's recorder, and screen rules.
 */
export const tallyProvider = defineProvider({
  specificationVersion: 'v1',
  id: 'tally',
  displayName: 'tally (example plugin)',
  capabilities: {
    promptModes: ['send_after_launch', 'arg'],
    defaultPromptMode: 'send_after_launch',
    modelSelection: true,
    anyModel: false,
    readOnly: 'provider_flag',
  },
  async detect(context) {
    const binaryPath = binaryFor(context);
    if (!binaryPath) return null;
    const version = await readVersion(binaryPath, ['--version'], { signal: context.signal, env: context.env });
    return {
      binaryPath,
      version: version?.replace(/^tally\s+/, '') ?? null,
      auth: { status: 'not_required', confidence: 'official', reason: 'tally runs locally and needs no login' },
    };
  },
  launch(request) {
    const promptMode = request.promptMode === 'provider_default' ? 'send_after_launch' : request.promptMode;
    const argv = [binaryFor(request.context) ?? TALLY_PATH];
    if (request.model) argv.push('--model', request.model);
    if (request.isolation === 'read_only') argv.push('--read-only');
    if (promptMode === 'arg') argv.push(request.prompt);
    return {
      argv,
      env: {},
      cwd: request.cwd,
      promptMode,
      submitKeys: ['Enter'],
      interruptKeys: ['C-c'],
      isolationEnforcement: request.isolation === 'read_only' ? 'provider_flag' : 'not_needed',
    };
  },
  classify: (screen) => classifyTallyScreen(screen),
  async models() {
    return [{ id: 'tally-small', isDefault: true }, { id: 'tally-large' }];
  },
  signals(request) {
    if (!request.signalRecorder) return { args: [], env: {}, files: [] };
    const file = join(request.signalRecorder.dir, EVENTS_FILE);
    return {
      args: ['--notify', JSON.stringify([...request.signalRecorder.argv, file])],
      env: {},
      files: [],
      sources: [{ name: 'events', kind: 'file', path: file }],
    };
  },
  parseSignal: (record) => (record.source === 'events' ? parseTallyEvent(record.payload) : null),
});
