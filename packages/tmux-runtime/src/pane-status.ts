/** What tmux reports about a worker's pane. */
export interface PaneStatus {
  readonly sessionName: string;
  readonly paneId: string;
  /** The worker process has exited (the pane is kept with remain-on-exit). */
  readonly dead: boolean;
  /** Exit status of a dead pane, when tmux knows it. */
  readonly deadStatus: number | null;
  readonly pid: number | null;
  readonly width: number;
  readonly height: number;
}

export const PANE_STATUS_FORMAT = [
  '#{session_name}',
  '#{pane_id}',
  '#{pane_dead}',
  '#{pane_dead_status}',
  '#{pane_pid}',
  '#{pane_width}',
  '#{pane_height}',
].join('\t');

function toInt(value: string | undefined): number | null {
  if (value === undefined || value.trim() === '') return null;
  const number = Number.parseInt(value, 10);
  return Number.isFinite(number) ? number : null;
}

/** Parses one line printed with PANE_STATUS_FORMAT. */
export function parsePaneStatus(line: string): PaneStatus | null {
  const fields = line.split('\t');
  if (fields.length < 7 || !fields[1]?.startsWith('%')) return null;
  return {
    sessionName: fields[0] ?? '',
    paneId: fields[1],
    dead: fields[2] === '1',
    deadStatus: toInt(fields[3]),
    pid: toInt(fields[4]),
    width: toInt(fields[5]) ?? 0,
    height: toInt(fields[6]) ?? 0,
  };
}
