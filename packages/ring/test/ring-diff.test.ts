// diffRings is exact: a position's n-preference list differs between two rings iff the
// position lies in a diff range, and each range carries the right before/after/gained/lost.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Member, Ring } from '../src/index';
import { createRing, diffRings, keySpaceFraction, rangeContains, rangeSize, ringPositionsCount } from '../src/index';
import { memberArb, membersArb, positionArb, vnodesArb, zoneNames } from './support/arbitraries';

type Change = (members: Member[]) => Member[];

const changeArb: fc.Arbitrary<{ name: string; apply: Change }> = fc.oneof(
  memberArb.map((joiner) => ({
    name: `join ${joiner.id}`,
    apply: (members: Member[]) => (members.some((m) => m.id === joiner.id) ? members : [...members, joiner]),
  })),
  fc.nat().map((i) => ({ name: `leave #${i}`, apply: (members: Member[]) => members.filter((_, j) => j !== i % members.length) })),
  fc.tuple(fc.nat(), fc.constantFrom(0.5, 2, 3)).map(([i, weight]) => ({
    name: `reweight #${i} → ${weight}`,
    apply: (members: Member[]) => members.map((m, j) => (j === i % members.length ? { ...m, weight } : m)),
  })),
  fc.tuple(fc.nat(), fc.constantFrom(...zoneNames)).map(([i, zone]) => ({
    name: `rezone #${i} → ${zone}`,
    apply: (members: Member[]) => members.map((m, j) => (j === i % members.length ? { ...m, zone } : m)),
  })),
);

/** Checks the diff against direct lookups at `positions`. */
function checkDiff(before: Ring, after: Ring, n: number, positions: readonly number[]): void {
  const diff = diffRings(before, after, n);
  const total = diff.reduce((sum, r) => sum + rangeSize(r), 0);
  expect(total).toBeLessThanOrEqual(ringPositionsCount); // disjoint (with the per-position check below)
  const edges = diff.flatMap((r) => [r.start, r.end, (r.end + 1) % ringPositionsCount]);
  const tokenEdges = before.ranges(n).slice(0, 5).map((r) => r.end);
  for (const position of [...positions, ...edges, ...tokenEdges]) {
    const listBefore = before.preferenceListAt(position, n);
    const listAfter = after.preferenceListAt(position, n);
    const holders = diff.filter((r) => rangeContains(r, position));
    expect(holders.length).toBeLessThanOrEqual(1);
    const differs = listBefore.join('\u0000') !== listAfter.join('\u0000');
    expect(holders.length === 1).toBe(differs);
    const range = holders[0];
    if (range === undefined) continue;
    expect(range.before).toEqual(listBefore);
    expect(range.after).toEqual(listAfter);
    expect(range.gained).toEqual(listAfter.filter((id) => !listBefore.includes(id)));
    expect(range.lost).toEqual(listBefore.filter((id) => !listAfter.includes(id)));
  }
}

describe('diffRings', () => {
  test('is exact for random joins, leaves, weight and zone changes', () => {
    fc.assert(
      fc.property(
        membersArb(1, 8),
        fc.array(changeArb, { minLength: 1, maxLength: 3 }),
        vnodesArb,
        fc.integer({ min: 1, max: 4 }),
        fc.array(positionArb, { minLength: 10, maxLength: 40 }),
        (members, changes, vnodesPerWeight, n, positions) => {
          const changed = changes.reduce((acc, change) => change.apply(acc), members);
          const before = createRing(members, { vnodesPerWeight });
          const after = createRing(changed, { vnodesPerWeight });
          checkDiff(before, after, n, positions);
          checkDiff(after, before, n, positions);
        },
      ),
      { numRuns: 250 },
    );
  });

  test('identical rings have no diff; a diff against the empty ring is the whole circle', () => {
    const ring = createRing([{ id: 'a' }, { id: 'b' }], { vnodesPerWeight: 8 });
    expect(diffRings(ring, ring, 2)).toEqual([]);
    const fromEmpty = diffRings(createRing([]), ring, 2);
    expect(keySpaceFraction(fromEmpty)).toBe(1);
    for (const range of fromEmpty) {
      expect(range.before).toEqual([]);
      expect(range.gained).toEqual(range.after);
    }
    expect(keySpaceFraction(diffRings(ring, createRing([]), 1))).toBe(1);
    expect(diffRings(createRing([]), createRing([]))).toEqual([]);
  });

  test('a single-token ring against another single-token ring', () => {
    const a = createRing([{ id: 'a' }], { vnodesPerWeight: 1 });
    const b = createRing([{ id: 'b' }], { vnodesPerWeight: 1 });
    const diff = diffRings(a, b);
    expect(keySpaceFraction(diff)).toBe(1);
    expect(diff.every((r) => r.lost[0] === 'a' && r.gained[0] === 'b')).toBe(true);
  });

  test('a join only moves ranges to the new node; the moved fraction is about 1/(n+1)', () => {
    const members = Array.from({ length: 9 }, (_, i) => ({ id: `node-${i}` }));
    const before = createRing(members);
    const after = createRing([...members, { id: 'node-9' }]);
    const diff = diffRings(before, after, 1);
    for (const range of diff) {
      expect(range.after).toEqual(['node-9']);
      expect(range.gained).toEqual(['node-9']);
      expect(range.lost).toHaveLength(1);
    }
    const fraction = keySpaceFraction(diff);
    expect(fraction).toBeCloseTo(after.ownership(1).get('node-9')!, 12);
    expect(Math.abs(fraction - 0.1)).toBeLessThan(0.02);
    // With n = 3 the joiner enters the replica set of about 3/(n+1) of the key space.
    const diff3 = diffRings(before, after, 3);
    for (const range of diff3) expect(range.gained).toEqual(['node-9']);
    console.log(
      `diffRings, join 9 → 10 nodes: n=1 moves ${(fraction * 100).toFixed(2)} % of keys in ${diff.length} ranges; ` +
        `n=3 changes ${(keySpaceFraction(diff3) * 100).toFixed(2)} % in ${diff3.length} ranges`,
    );
  });
});
