/** How a fake agent behaves on each turn; one fake provider exists per behaviour. */
export type FakeBehavior = 'question' | 'approval' | 'completed' | 'idle' | 'error' | 'limit' | 'patch' | 'slow' | 'crash';

export const FAKE_BEHAVIORS: readonly FakeBehavior[] = [
  'question',
  'approval',
  'completed',
  'idle',
  'error',
  'limit',
  'patch',
  'slow',
  'crash',
];

export function isFakeBehavior(value: string): value is FakeBehavior {
  return (FAKE_BEHAVIORS as readonly string[]).includes(value);
}
