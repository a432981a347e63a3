export { watchDirectory } from './directory-watcher.js';
export { PANE_ENTRY_NAME, PANE_ENTRY_SCRIPT } from './pane-entry.js';
export type { PaneStatus } from './pane-status.js';
export { parsePaneStatus } from './pane-status.js';
export { escapeTmuxArgument, isNamedKey, quoteForPipeCommand, sanitizeSessionName, tmuxCommandList } from './tmux-arguments.js';
export { TMUX_INSTALL_HINT } from './tmux-client.js';
export type { Capture, StartWorkerRequest, TmuxRuntime, TmuxRuntimeOptions } from './tmux-runtime.js';
export { createTmuxRuntime } from './tmux-runtime.js';
