/** The one spelling for every key agentpool writes in JSON. */
export const SNAKE_CASE_KEY = /^[a-z][a-z0-9_]*$/;

/**
 * Maps whose keys are names someone else chose, so they keep their spelling: provider ids
 * (`fake-question`) under a config's `providers`, and environment variable names under
 * `providers.<id>.env`. Paths are key segments; `*` stands for any key or array element.
 */
export const FREE_FORM_MAPS: readonly (readonly string[])[] = [
  ['config', 'providers'],
  ['config', 'providers', '*', 'env'],
  // usage-summary: rows keyed by provider id.
  ['providers'],
  // team debates: scores keyed by option; monitor-report: counts keyed by event type and by member.
  ['debate', 'decision', 'scores'],
  ['debates', '*', 'decision', 'scores'],
  ['report', 'event_counts'],
  ['report', 'unread_by_member'],
];

function isFreeForm(path: readonly string[], freeForm: readonly (readonly string[])[]): boolean {
  return freeForm.some(
    (pattern) => pattern.length === path.length && pattern.every((segment, index) => segment === '*' || segment === path[index]),
  );
}

/** Every object key in `value` (walked whole) that is not snake_case, as a dotted path. */
export function keysNotSnakeCase(
  value: unknown,
  freeForm: readonly (readonly string[])[] = FREE_FORM_MAPS,
  path: readonly string[] = [],
): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => keysNotSnakeCase(item, freeForm, [...path, '*']));
  if (typeof value !== 'object' || value === null) return [];
  const keysAreFree = isFreeForm(path, freeForm);
  return Object.entries(value).flatMap(([key, child]) => [
    ...(keysAreFree || SNAKE_CASE_KEY.test(key) ? [] : [[...path, key].join('.')]),
    ...keysNotSnakeCase(child, freeForm, [...path, key]),
  ]);
}
