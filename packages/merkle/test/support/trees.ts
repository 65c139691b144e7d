// Shared test helpers: arbitraries for small shapes and entry sets, and a full dump of a tree.
import fc from 'fast-check';
import type { MerkleTree, TreeShape } from '../../src/index';

/** Small shapes (≤ 4096 leaves) so a property run stays fast. */
export const smallShape: fc.Arbitrary<TreeShape> = fc
  .record({ fanoutLog2: fc.integer({ min: 1, max: 4 }), depth: fc.integer({ min: 1, max: 3 }) })
  .map(({ fanoutLog2, depth }) => ({ fanout: 2 ** fanoutLog2, depth }));

/** Keys: short strings or bytes, as kv keys are either. */
export const key: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.uint8Array({ minLength: 1, maxLength: 12 }),
);

export const digest: fc.Arbitrary<Uint8Array> = fc.uint8Array({ minLength: 1, maxLength: 16 });

/** Entries with distinct keys (distinct as strings; byte keys are compared by content). */
export const entries: fc.Arbitrary<Array<{ key: string; digest: Uint8Array }>> = fc.uniqueArray(
  fc.record({ key: fc.string({ minLength: 1, maxLength: 12 }), digest }),
  { selector: (entry) => entry.key, maxLength: 60 },
);

/** Every level's hashes, root first, as plain arrays (for toEqual). */
export function dump(tree: MerkleTree): number[][] {
  const levels: number[][] = [];
  for (let level = 0; level <= tree.depth; level++) levels.push(Array.from(tree.slice(level).hashes));
  return levels;
}
