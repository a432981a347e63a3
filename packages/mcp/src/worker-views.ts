import { type artifactView, observeView, sessionView } from '@agentpool/sdk';
import type { ObserveResult } from '@agentpool/sessions';
import type { SessionRecord } from '@agentpool/store';
import type { UntrustedFence } from './untrusted-fence.js';

/** How much of the screen observe returns: none, its last lines, or all of it. */
export type ScreenDetail = 'summary' | 'excerpt' | 'full';

/** A session as MCP shows it: the CLI's view without the state evidence (screen lines: worker text). */
export function mcpSessionView(session: SessionRecord, attachCommand?: readonly string[]) {
  const { evidence: _evidence, ...view } = sessionView(session, attachCommand);
  return view;
}

/**
 * An observe result as MCP returns it. Everything the worker wrote (evidence lines, the screen)
 * goes into one fenced `worker_output`; in lockdown it is left out altogether.
 */
export function mcpObserveView(
  result: ObserveResult,
  options: { detail: ScreenDetail; maxLines: number; lockdown: boolean; fence: UntrustedFence },
) {
  const { evidence, screen_classification, ...view } = observeView(result);
  const classification = screen_classification
    ? { state: screen_classification.state, confidence: screen_classification.confidence, rule: screen_classification.rule }
    : null;
  const screen = result.evaluated.screen;
  const shown = options.detail === 'summary' || screen === null ? [] : options.detail === 'full' ? screen : screen.slice(-options.maxLines);
  const workerLines = [...evidence.map((line) => `evidence: ${line}`), ...(shown.length ? ['screen:', ...shown] : [])];
  return {
    ...view,
    cancelled: result.cancelled,
    screen_classification: classification,
    worker_output: options.lockdown || workerLines.length === 0 ? null : options.fence.wrap(workerLines.join('\n')),
    ...(options.lockdown ? { withheld: 'lockdown: no worker text' } : {}),
  };
}

/** An artifact row; in lockdown without its path (the file holds worker text). */
export function mcpArtifactView(row: ReturnType<typeof artifactView>, lockdown: boolean) {
  if (!lockdown) return row;
  const { path: _path, ...gated } = row;
  return gated;
}
