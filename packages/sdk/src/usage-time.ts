/** "in 2h 13m", "in 45s", "3d 4h ago": how far `at` is from `now`, to the two largest units. */
export function relativeTime(at: string | Date, now: Date): string {
  const target = at instanceof Date ? at.getTime() : Date.parse(at);
  if (Number.isNaN(target)) return 'at an unknown time';
  const seconds = Math.round((target - now.getTime()) / 1000);
  const span = Math.abs(seconds);
  const units: readonly [string, number][] = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ];
  const parts: string[] = [];
  let rest = span;
  for (const [unit, size] of units) {
    if (parts.length === 2) break;
    const count = Math.floor(rest / size);
    if (count > 0 || (unit === 's' && parts.length === 0)) {
      parts.push(`${count}${unit}`);
      rest -= count * size;
    } else if (parts.length === 1) break;
  }
  const text = parts.join(' ');
  return seconds >= 0 ? `in ${text}` : `${text} ago`;
}
