/**
 * The program every worker pane runs: `/bin/sh -c PANE_ENTRY_SCRIPT agentpool-worker <argv…>`.
 * The script is a constant and the worker's argv are positional parameters, so nothing the caller
 * provides is ever parsed by a shell, and nothing secret is on any command line. It
 * - loads the worker's environment from AGENTPOOL_ENV_FILE (a 0600 file of `export` lines) and
 *   deletes the file, so provider keys never appear in the process table;
 * - replaces the argument equal to AGENTPOOL_PROMPT_ARG with the contents of AGENTPOOL_PROMPT_FILE
 *   (then deletes it), for programs that only take their prompt as an argument: only the worker's
 *   own argv holds it, not tmux's or this shell's;
 * - feeds AGENTPOOL_STDIN_FILE to the worker's stdin when set (prompt mode `stdin`);
 * - enforces AGENTPOOL_MAX_RUNTIME seconds without any agentpool process running: a watchdog
 *   writes `max_runtime_exceeded` to AGENTPOOL_END_REASON_FILE, sends TERM to the pane's process
 *   group, and KILL ten seconds later if anything is left;
 * - after the worker exits, ends every process that still carries the session's marker
 *   (AGENTPOOL_SESSION_ID in its environment; Linux), such as daemons a CLI detached;
 * - records the worker's exit status in AGENTPOOL_EXIT_FILE (watchers wake on the new file).
 * Its own control variables are removed before the worker starts.
 */
export const PANE_ENTRY_SCRIPT = `
exit_file=\${AGENTPOOL_EXIT_FILE:-}
stdin_file=\${AGENTPOOL_STDIN_FILE:-}
max_runtime=\${AGENTPOOL_MAX_RUNTIME:-}
end_reason_file=\${AGENTPOOL_END_REASON_FILE:-}
prompt_file=\${AGENTPOOL_PROMPT_FILE:-}
prompt_arg=\${AGENTPOOL_PROMPT_ARG:-}
if [ -n "\${AGENTPOOL_ENV_FILE:-}" ]; then
  env_file=$AGENTPOOL_ENV_FILE
  . "$env_file"
  rm -f "$env_file"
fi
unset AGENTPOOL_EXIT_FILE AGENTPOOL_STDIN_FILE AGENTPOOL_MAX_RUNTIME AGENTPOOL_END_REASON_FILE AGENTPOOL_ENV_FILE AGENTPOOL_PROMPT_FILE AGENTPOOL_PROMPT_ARG
if [ -n "$prompt_file" ]; then
  prompt=$(cat "$prompt_file"; printf x)
  prompt=\${prompt%x}
  rm -f "$prompt_file"
  count=$#
  while [ "$count" -gt 0 ]; do
    arg=$1
    shift
    if [ "$arg" = "$prompt_arg" ]; then set -- "$@" "$prompt"; else set -- "$@" "$arg"; fi
    count=$((count - 1))
  done
  unset prompt arg
fi
watchdog=
if [ -n "$max_runtime" ]; then
  (
    trap 'kill "$sleeper" 2>/dev/null; exit 0' TERM
    sleep "$max_runtime" & sleeper=$!
    wait "$sleeper" || exit 0
    trap '' TERM
    printf 'max_runtime_exceeded\\n' > "$end_reason_file"
    kill -TERM 0
    sleep 10
    kill -KILL 0
  ) &
  watchdog=$!
fi
trap 'terminated=1' TERM
if [ -n "$stdin_file" ]; then
  "$@" < "$stdin_file"
else
  "$@"
fi
status=$?
if [ -n "$watchdog" ]; then kill -TERM "$watchdog" 2>/dev/null; fi
if [ -n "\${AGENTPOOL_SESSION_ID:-}" ] && [ -r /proc/self/environ ]; then
  for pid in $(env -u AGENTPOOL_SESSION_ID grep -lsxzF "AGENTPOOL_SESSION_ID=$AGENTPOOL_SESSION_ID" /proc/[0-9]*/environ 2>/dev/null | cut -d/ -f3); do
    if [ "$pid" != "$$" ]; then kill -TERM "$pid" 2>/dev/null; fi
  done
fi
if [ -n "$exit_file" ]; then printf '%s\\n' "$status" > "$exit_file"; fi
exit "$status"
`;

/** argv[0] of the pane entry, shown by `ps` and tmux. */
export const PANE_ENTRY_NAME = 'agentpool-worker';

/** The argument a launch puts where the prompt goes; the pane entry swaps in the prompt file's contents. */
export const PROMPT_ARG_PLACEHOLDER = '@agentpool-prompt@';
