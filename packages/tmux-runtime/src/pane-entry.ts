/**
 * The program every worker pane runs: `/bin/sh -c PANE_ENTRY_SCRIPT agentpool-worker <argv…>`.
 * The script is a constant and the worker's argv are positional parameters, so nothing the caller
 * provides is ever parsed by a shell. It
 * - feeds the prompt file to the worker's stdin when AGENTPOOL_STDIN_FILE is set (prompt mode `stdin`);
 * - records the worker's exit status in AGENTPOOL_EXIT_FILE (watchers wake on the new file);
 * - enforces AGENTPOOL_MAX_RUNTIME seconds without any agentpool process running: a watchdog
 *   writes `max_runtime_exceeded` to AGENTPOOL_END_REASON_FILE, sends TERM to the pane's process
 *   group, and KILL ten seconds later if anything is left.
 */
export const PANE_ENTRY_SCRIPT = `
watchdog=
if [ -n "\${AGENTPOOL_MAX_RUNTIME:-}" ]; then
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$AGENTPOOL_MAX_RUNTIME" & sleeper=$!
    wait "$sleeper" || exit 0
    trap '' TERM
    printf 'max_runtime_exceeded\\n' > "$AGENTPOOL_END_REASON_FILE"
    kill -TERM 0
    sleep 10
    kill -KILL 0
  ) &
  watchdog=$!
fi
trap 'terminated=1' TERM
if [ -n "\${AGENTPOOL_STDIN_FILE:-}" ]; then
  "$@" < "$AGENTPOOL_STDIN_FILE"
else
  "$@"
fi
status=$?
if [ -n "$watchdog" ]; then kill -TERM "$watchdog" 2>/dev/null; fi
if [ -n "\${AGENTPOOL_EXIT_FILE:-}" ]; then printf '%s\\n' "$status" > "$AGENTPOOL_EXIT_FILE"; fi
exit "$status"
`;

/** argv[0] of the pane entry, shown by `ps` and tmux. */
export const PANE_ENTRY_NAME = 'agentpool-worker';
