// A stand-in tmux binary that logs each call's subcommand and target (one line per call) and then
// runs the real tmux, so the number of tmux commands agentpool issues can be counted.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function installTmuxCounter(homePath, realTmux) {
  const scriptPath = join(homePath, 'tmux-counter.sh');
  const logPath = join(homePath, 'tmux-calls.log');
  // The subcommand is the first argument that is neither an option nor an option's value; the
  // target is the value of the first -t after it. Neither holds a newline or a tab (tmux session
  // names are sanitised), so every call adds exactly one line: "<subcommand>\t<target>".
  const script = `#!/bin/sh
skip=0
cmd=
target=
for arg do
  if [ "$skip" = 1 ]; then skip=0; continue; fi
  if [ "$skip" = t ]; then target=$arg; break; fi
  if [ -z "$cmd" ]; then
    case "$arg" in
      -S|-L|-f|-c|-T) skip=1 ;;
      -*) ;;
      *) cmd=$arg ;;
    esac
  else
    case "$arg" in
      -t) skip=t ;;
      -t*) target=\${arg#-t}; break ;;
    esac
  fi
done
printf '%s\\t%s\\n' "\${cmd:-(none)}" "$target" >> '${logPath}'
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
    /** Calls logged since `mark`, counted by subcommand; `forTarget` counts only calls whose -t names that session. */
    since(mark, forTarget = null) {
      const lines = this.mark()
        .slice(mark.length)
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split('\t'))
        .filter(([, target]) => forTarget === null || (target ?? '').replace(/^=/, '').split(/[:.]/)[0] === forTarget);
      const bySubcommand = {};
      for (const [name] of lines) bySubcommand[name] = (bySubcommand[name] ?? 0) + 1;
      return { count: lines.length, bySubcommand };
    },
  };
}
