// A stand-in tmux binary that logs each call's subcommand (one line per call) and then runs the
// real tmux, so the number of tmux commands agentpool issues can be counted.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function installTmuxCounter(homePath, realTmux) {
  const scriptPath = join(homePath, 'tmux-counter.sh');
  const logPath = join(homePath, 'tmux-calls.log');
  // The subcommand is the first argument that is neither an option nor an option's value; it never
  // holds a newline, so every call adds exactly one line.
  const script = `#!/bin/sh
skip=0
cmd=
for arg do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  case "$arg" in
    -S|-L|-f|-c|-T) skip=1 ;;
    -*) ;;
    *) cmd=$arg; break ;;
  esac
done
printf '%s\\n' "\${cmd:-(none)}" >> '${logPath}'
exec '${realTmux}' "$@"
`;
  writeFileSync(scriptPath, script);
  chmodSync(scriptPath, 0o755);
  return {
    scriptPath,
    /** Calls logged so far, as a position to diff against later. */
    mark() {
      return existsSync(logPath) ? readFileSync(logPath, 'utf8') : '';
    },
    /** Calls logged since `mark`, counted by subcommand. */
    since(mark) {
      const lines = this.mark().slice(mark.length).split('\n').filter(Boolean);
      const bySubcommand = {};
      for (const line of lines) bySubcommand[line] = (bySubcommand[line] ?? 0) + 1;
      return { count: lines.length, bySubcommand };
    },
  };
}
