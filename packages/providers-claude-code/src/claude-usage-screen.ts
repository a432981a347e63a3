import { type NormalisedUsageWindow, normaliseWindow, scrubSecrets } from '@agentpool/usage';

/** Source tag of windows read from Claude Code's own `/usage` screen. */
export const CLAUDE_USAGE_SCREEN_SOURCE = 'claude-usage-screen';

const FIVE_HOURS = 5 * 3600;
const SEVEN_DAYS = 7 * 24 * 3600;

/**
 * What Claude Code's `/usage` screen (2.1.197, read from real captures) shows now:
 * - `windows`: the plan's bars were drawn (`Current session`, `Current week (all models)`,
 *   `Current week (Sonnet only)`, …), each with "NN% used" and, when it has one, "Resets …";
 * - `error`: Claude could not read its usage ("Error: Failed to load usage data…", "Error: Usage
 *   endpoint is rate limited…"); `message` is Claude's, secrets scrubbed;
 * - `no_windows`: the panel is complete and shows no bar (an API-key login has no plan usage);
 * - `loading`: the panel is open and still reading ("Loading usage data…", "Refreshing…") or still
 *   being drawn (a title without its figure yet).
 *
 * Claude redraws the panel line by line, without synchronized output: a screen caught mid-redraw
 * can show a finished-looking panel with a line missing or left over from the frame before. Read
 * only a screen that has stopped changing (the probe waits for that).
 * - `absent`: the panel is not on the screen.
 */
export type ClaudeUsageScreenReading =
  | {
      readonly kind: 'windows';
      readonly windows: NormalisedUsageWindow[];
      readonly warnings: string[];
      /** The time zone the reset times were shown in (Claude prints the IANA name). */
      readonly timeZone: string | null;
    }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'no_windows' }
  | { readonly kind: 'loading' }
  | { readonly kind: 'absent' };

export interface ClaudeUsageScreenOptions {
  /** When the screen was read: the reset times are relative to it ("10:27pm" is the next 10:27 pm). */
  readonly observedAt: Date;
}

// The panel's tab row, then its end: "Esc to cancel" (after "r to retry · " on an error).
const TABS = /^Settings\s+Status\s+Config\s+Usage\s+Stats$/;
const END = /(^|·\s*)Esc to cancel$/;
const LOADING = /^(Loading usage data|Refreshing)…$/;
// "Current session", "Current week (all models)", "Current week (Sonnet only)", "Current week (Opus)";
// in a pane narrower than 64 columns the reset follows on the title's line: "Current session · Resets 9pm (UTC)".
const TITLE = /^(Current session|Current week \(([^)]+)\))(?:\s+·\s+(.*))?$/;
const PERCENT = /(?:^|\s)(\d+(?:\.\d+)?)% used$/;
const RESETS = /^Resets\s+(.*)$/;
// "10:27pm (America/New_York)", "5am (Europe/Berlin)", "Dec 4, 6:10pm (UTC)", "Jan 2, 2028, 1am (UTC)".
const RESET_TIME =
  /^(?:(?<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?<day>\d{1,2}),(?: (?<year>\d{4}),)? )?(?<hour>\d{1,2})(?::(?<minute>\d{2}))?(?<half>am|pm) \((?<zone>[^)]+)\)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Sonnet only` → `sonnet`; `all models` → null (the window of every model). */
function scopeOf(label: string | undefined): string | null {
  if (label === undefined || /^all models$/i.test(label.trim())) return null;
  const lower = label.toLowerCase();
  for (const family of ['opus', 'sonnet', 'haiku']) if (lower.includes(family)) return family;
  return lower
    .replace(/\s+only$/, '')
    .trim()
    .replace(/\s+/g, '_');
}

/** The wall-clock fields of `at` in `timeZone`. */
function wallClock(
  at: number,
  timeZone: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(new Date(at));
  const field = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return {
    year: field('year'),
    month: field('month') - 1,
    day: field('day'),
    hour: field('hour'),
    minute: field('minute'),
    second: field('second'),
  };
}

/** The instant a wall-clock time in `timeZone` names (daylight-saving changes included). */
function zonedInstant(year: number, month: number, day: number, hour: number, minute: number, timeZone: string): number {
  const asUtc = Date.UTC(year, month, day, hour, minute);
  const offsetAt = (instant: number) => {
    const wall = wallClock(instant, timeZone);
    return Date.UTC(wall.year, wall.month, wall.day, wall.hour, wall.minute, wall.second) - Math.floor(instant / 1000) * 1000;
  };
  const first = asUtc - offsetAt(asUtc);
  return asUtc - offsetAt(first);
}

function knownZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}

const MINUTE = 60_000;
const DAY = 24 * 3600_000;

/**
 * Reads a reset as Claude prints it, in the time zone it names. Claude shows the hour and minute
 * (seconds dropped, `:00` left out) and the date only when the reset is more than a day away (or
 * always, for the weekly windows), the year only when it is not this year: a time without a date is
 * the next such time after `observedAt`.
 */
export function parseClaudeResetTime(text: string, observedAt: Date): { at: string; timeZone: string } | { problem: string } {
  const match = RESET_TIME.exec(text.trim());
  if (!match?.groups) return { problem: `reset time "${text.trim().slice(0, 60)}" is not in a form Claude 2.1.197 prints` };
  const { month, day, year, hour, minute, half, zone } = match.groups as Record<string, string | undefined>;
  const timeZone = (zone ?? '').trim();
  if (!knownZone(timeZone)) return { problem: `reset time "${text.trim()}" names a time zone that is not known here` };
  const hour12 = Number(hour);
  if (hour12 < 1 || hour12 > 12) return { problem: `reset time "${text.trim()}" has no such hour` };
  const hour24 = (hour12 % 12) + (half === 'pm' ? 12 : 0);
  const minutes = minute === undefined ? 0 : Number(minute);
  const now = observedAt.getTime();
  const today = wallClock(now, timeZone);
  let at: number;
  if (month !== undefined) {
    const monthIndex = MONTHS.indexOf(month);
    const explicitYear = year !== undefined;
    at = zonedInstant(explicitYear ? Number(year) : today.year, monthIndex, Number(day), hour24, minutes, timeZone);
    // A date shown without its year is this year's; across New Year it can only be next year's.
    if (!explicitYear && at < now - DAY) at = zonedInstant(today.year + 1, monthIndex, Number(day), hour24, minutes, timeZone);
  } else {
    at = zonedInstant(today.year, today.month, today.day, hour24, minutes, timeZone);
    // The minute shown is the reset's own (seconds dropped): one that began a minute ago is still to come.
    if (at < now - MINUTE) at = zonedInstant(today.year, today.month, today.day + 1, hour24, minutes, timeZone);
  }
  return { at: new Date(at).toISOString(), timeZone };
}

interface WindowBlock {
  readonly title: string;
  readonly scopeLabel: string | undefined;
  readonly lines: string[];
}

/**
 * Reads Claude Code's `/usage` screen (the rendered screen, top to bottom) into usage windows. The
 * kind comes from what each bar limits (the session is Claude's 5-hour window, a week is 7 days),
 * never from its place. Figures are whole percentages (Claude floors them), resets to the minute,
 * so the windows are `observed`: below the endpoint's `official` readings whenever both exist.
 */
export function readClaudeUsageScreen(lines: readonly string[], options: ClaudeUsageScreenOptions): ClaudeUsageScreenReading {
  const trimmed = lines.map((line) => line.trim());
  let start = -1;
  for (let index = trimmed.length - 1; index >= 0; index--) {
    if (TABS.test(trimmed[index] ?? '')) {
      start = index;
      break;
    }
  }
  if (start < 0) return { kind: 'absent' };
  const panel = trimmed.slice(start + 1);
  const end = panel.findIndex((line) => END.test(line));
  if (panel.some((line) => LOADING.test(line))) return { kind: 'loading' };
  const errorAt = panel.findIndex((line) => line.startsWith('Error: '));
  if (errorAt >= 0) {
    const message = [];
    for (const line of panel.slice(errorAt)) {
      if (line === '' || END.test(line)) break;
      message.push(line);
    }
    return { kind: 'error', message: scrubSecrets(message.join(' ').replace(/^Error:\s*/, '')).slice(0, 300) };
  }
  if (end < 0) return { kind: 'loading' };

  const blocks: WindowBlock[] = [];
  let current: WindowBlock | null = null;
  let sawPercent = false;
  for (const line of panel.slice(0, end)) {
    const title = TITLE.exec(line);
    if (title) {
      current = { title: title[1] as string, scopeLabel: title[2], lines: title[3] ? [title[3]] : [] };
      blocks.push(current);
      sawPercent = false;
      continue;
    }
    if (!current) continue;
    // A window's block ends at the first blank line after its figure.
    if (line === '' && sawPercent) {
      current = null;
      continue;
    }
    if (PERCENT.test(line)) sawPercent = true;
    if (line !== '') current.lines.push(line);
  }
  if (blocks.length === 0) return { kind: 'no_windows' };

  // Claude redraws the panel line by line: a title without its figure yet is a panel still being drawn.
  if (blocks.some((block) => !block.lines.some((line) => PERCENT.test(line)))) return { kind: 'loading' };
  const warnings: string[] = [];
  const windows: NormalisedUsageWindow[] = [];
  let timeZone: string | null = null;
  for (const block of blocks) {
    const percent = Number(PERCENT.exec(block.lines.find((line) => PERCENT.test(line)) ?? '')?.[1]);
    // The reset: on its own line ("Resets …"), or after the title; a long one wraps onto the next line.
    let reset: string | null = null;
    for (const [index, line] of block.lines.entries()) {
      const resets = RESETS.exec(line);
      if (!resets) continue;
      reset = resets[1] as string;
      for (const next of block.lines.slice(index + 1)) {
        if (reset.includes(')') || PERCENT.test(next) || /^[█▉▊▋▌▍▎▏\s]+$/.test(next)) break;
        reset = `${reset} ${next}`;
      }
      break;
    }
    let resetsAt: string | null = null;
    if (reset !== null) {
      const parsed = parseClaudeResetTime(reset, options.observedAt);
      if ('problem' in parsed) warnings.push(`"${block.title}": ${parsed.problem}; reset unknown`);
      else {
        resetsAt = parsed.at;
        timeZone ??= parsed.timeZone;
      }
    }
    const session = block.title === 'Current session';
    const result = normaliseWindow({
      name: block.title,
      durationSeconds: session ? FIVE_HOURS : SEVEN_DAYS,
      scope: session ? null : scopeOf(block.scopeLabel),
      usedPercent: percent,
      resetsAt,
      source: CLAUDE_USAGE_SCREEN_SOURCE,
      confidence: 'observed',
      observedAt: options.observedAt,
    });
    if (result.ok) {
      windows.push(result.window);
      warnings.push(...result.warnings);
    } else warnings.push(result.problem);
  }
  // Claude could not read the endpoint and shows the figures it read before.
  const stale = panel.slice(0, end).find((line) => /^(Could not refresh usage data|Per-model breakdown unavailable\b.*)$/.test(line));
  if (stale) warnings.push(`Claude shows figures it read earlier: "${stale}"`);
  if (windows.length === 0) return { kind: 'error', message: warnings.join('; ') || 'the usage screen shows no window that could be read' };
  return { kind: 'windows', windows, warnings, timeZone };
}
