/** The most characters of a caller's value an error message or detail repeats back. */
export const MAX_ECHO_CHARS = 80;

/**
 * A caller-supplied value as an error may repeat it: whole when short, otherwise its start, an
 * ellipsis and its length (`xxxx… (100000 characters)`), so a 100 KB argument never comes back.
 */
export function echoValue(value: string, max = MAX_ECHO_CHARS): string {
  return value.length <= max ? value : `${value.slice(0, max)}… (${value.length} characters)`;
}
