// Small shared fixtures for tests that drive one state machine by hand.
import type { Ring } from '@kv/ring';
import { createRing } from '@kv/ring';
import { seededRandom } from '@kv/test-kit';
import type { Random } from '../../src/index.js';

export const isString = (value: unknown): value is string => typeof value === 'string';

export function seeded(seed: number): Random {
  const rng = seededRandom(seed);
  return { nextU32: () => rng.u32() };
}

export function ringOf(ids: readonly string[], zones?: Readonly<Record<string, string>>): Ring {
  return createRing(
    ids.map((id) => (zones?.[id] === undefined ? { id } : { id, zone: zones[id] })),
    { vnodesPerWeight: 64 },
  );
}

/** The first `count` keys `key-<i>` whose n-preference lists pass `test`. */
export function keysWith(ring: Ring, n: number, count: number, test: (primaries: readonly string[]) => boolean): string[] {
  const keys: string[] = [];
  for (let i = 0; i < 100_000 && keys.length < count; i++) {
    const key = `key-${i}`;
    if (test(ring.preferenceList(key, n))) keys.push(key);
  }
  if (keys.length < count) throw new Error('not enough such keys');
  return keys;
}

/** The first key `key-<i>` whose n-preference list passes `test`. */
export function keyWith(ring: Ring, n: number, test: (primaries: readonly string[]) => boolean): string {
  return keysWith(ring, n, 1, test)[0] as string;
}
