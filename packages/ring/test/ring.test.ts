import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { Member } from '../src/index';
import { createRing, diffRings, hashKey, rangeContains, rangeSize, ringPositionsCount, vnodesPerWeightDefault } from '../src/index';
import { keyArb, membersArb, positionArb, vnodesArb } from './support/arbitraries';
import { RingModel } from './support/model';
import { seededRandom } from '@kv/test-kit';

describe('createRing', () => {
  test('members sorted by id, weights filled in, tokens = round(weight × vnodesPerWeight)', () => {
    const ring = createRing([{ id: 'b', weight: 2, zone: 'z1' }, { id: 'a' }, { id: 'c', weight: 0.0001 }]);
    expect(ring.members).toEqual([
      { id: 'a', weight: 1, tokenCount: vnodesPerWeightDefault },
      { id: 'b', weight: 2, zone: 'z1', tokenCount: 2 * vnodesPerWeightDefault },
      { id: 'c', weight: 0.0001, tokenCount: 1 },
    ]);
    expect(ring.size).toBe(3);
    expect(ring.tokenCount).toBe(3 * vnodesPerWeightDefault + 1);
    expect(ring.zones).toEqual(['z1']);
    expect(ring.vnodesPerWeight).toBe(2048);
    expect(ring.member('b')?.zone).toBe('z1');
    expect(ring.member('nope')).toBeUndefined();
    expect(Object.isFrozen(ring)).toBe(true);
    expect(Object.isFrozen(ring.members)).toBe(true);
  });

  test('the empty ring is valid: lookups return [] and nothing is owned', () => {
    const ring = createRing([]);
    expect(ring.size).toBe(0);
    expect(ring.tokenCount).toBe(0);
    expect(ring.preferenceList('k', 3)).toEqual([]);
    expect(ring.preferenceListAt(0, 1)).toEqual([]);
    expect([...ring.successors('k')]).toEqual([]);
    expect(ring.preferenceListByZone('k', { dc: 2 })).toEqual(new Map([['dc', []]]));
    expect(ring.ranges(3)).toEqual([]);
    expect(ring.ownership()).toEqual(new Map());
    expect(ring.fingerprint).toMatch(/^[0-9a-f]{16}$/);
  });

  test('a single member owns the whole circle', () => {
    const ring = createRing([{ id: 'solo' }], { vnodesPerWeight: 1 });
    const [range, ...rest] = ring.ranges(3);
    expect(rest).toEqual([]);
    expect(range!.start).toBe(range!.end);
    expect(rangeSize(range!)).toBe(ringPositionsCount);
    expect(range!.owners).toEqual(['solo']);
    expect(ring.ownership(2)).toEqual(new Map([['solo', 1]]));
  });
});

describe('the ring is a pure function of the member set', () => {
  test('same members in any order → same fingerprint, lists and ranges', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, fc.integer(), fc.array(keyArb, { maxLength: 10 }), fc.integer({ min: 1, max: 5 }), (members, vnodesPerWeight, seed, keys, n) => {
        const a = createRing(members, { vnodesPerWeight });
        const b = createRing(seededRandom(seed).shuffle(members), { vnodesPerWeight });
        expect(b.fingerprint).toBe(a.fingerprint);
        expect(b.members).toEqual(a.members);
        for (const key of keys) expect(b.preferenceList(key, n)).toEqual(a.preferenceList(key, n));
        expect(b.ranges(n)).toEqual(a.ranges(n));
        expect(diffRings(a, b, n)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  test('fingerprint: equal iff the same tokens and zones', () => {
    const base: Member[] = [{ id: 'a', zone: 'x' }, { id: 'b' }];
    const fp = createRing(base).fingerprint;
    expect(createRing([{ id: 'b', weight: 1 }, { id: 'a', zone: 'x' }]).fingerprint).toBe(fp);
    // Weight 2 at V=1024 places exactly the tokens of weight 1 at V=2048: the same ring.
    expect(createRing(base.map((m) => ({ ...m, weight: 2 })), { vnodesPerWeight: 1024 }).fingerprint).toBe(fp);
    expect(createRing([{ id: 'a', zone: 'y' }, { id: 'b' }]).fingerprint).not.toBe(fp);
    expect(createRing([{ id: 'a', zone: 'x' }, { id: 'b', weight: 1.5 }]).fingerprint).not.toBe(fp);
    expect(createRing([{ id: 'a', zone: 'x' }, { id: 'c' }]).fingerprint).not.toBe(fp);
    expect(createRing(base, { vnodesPerWeight: 100 }).fingerprint).not.toBe(fp);
    expect(createRing([{ id: 'a', zone: 'x' }]).fingerprint).not.toBe(fp);
  });
});

describe('ranges(n) and ownership(n)', () => {
  test('ranges cover the circle exactly once, in order, each with the lists of its positions', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, fc.integer({ min: 1, max: 5 }), fc.array(positionArb, { maxLength: 20 }), (members, vnodesPerWeight, n, positions) => {
        const ring = createRing(members, { vnodesPerWeight });
        const ranges = ring.ranges(n);
        let total = 0;
        ranges.forEach((range, i) => {
          total += rangeSize(range);
          const previous = ranges[(i + ranges.length - 1) % ranges.length]!;
          expect(range.start).toBe(previous.end); // contiguous, and the last closes the circle
          if (ranges.length > 1) expect(range.owners).not.toEqual(previous.owners); // merged
        });
        expect(total).toBe(ringPositionsCount);
        expect(rangeContains(ranges[0]!, 0)).toBe(true);
        const edges = ranges.flatMap((r) => [r.end, (r.end + 1) % ringPositionsCount]);
        for (const position of [...positions, ...edges]) {
          const holders = ranges.filter((r) => rangeContains(r, position));
          expect(holders.length).toBe(1);
          expect(holders[0]!.owners).toEqual(ring.preferenceListAt(position, n));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('ownership(n) sums to min(n, members) and matches the arcs of the model', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, fc.integer({ min: 1, max: 4 }), (members, vnodesPerWeight, n) => {
        const ring = createRing(members, { vnodesPerWeight });
        const ownership = ring.ownership(n);
        const sum = [...ownership.values()].reduce((a, b) => a + b, 0);
        expect(sum).toBeCloseTo(Math.min(n, members.length), 9);
        // Model: every token's arc, owned by the model's list at the token position.
        const model = new RingModel(members, vnodesPerWeight);
        const expected = new Map(members.map((m) => [m.id, 0]));
        model.tokens.forEach((token, i) => {
          const previous = model.tokens[(i + model.tokens.length - 1) % model.tokens.length]!;
          const arc = model.tokens.length === 1 ? ringPositionsCount : (token.position - previous.position + ringPositionsCount) % ringPositionsCount;
          const size = i === 0 && arc === 0 ? ringPositionsCount : arc;
          for (const id of model.preferenceList(token.position, n)) expected.set(id, expected.get(id)! + size / ringPositionsCount);
        });
        for (const [id, share] of expected) expect(ownership.get(id)).toBeCloseTo(share, 12);
      }),
      { numRuns: 100 },
    );
  });
});

describe('successors (sloppy quorum fallbacks)', () => {
  test('every member exactly once; starts with the primary; equals the model walk', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, keyArb, (members, vnodesPerWeight, key) => {
        const ring = createRing(members, { vnodesPerWeight });
        const walk = [...ring.successors(key)];
        expect([...walk].sort()).toEqual(members.map((m) => m.id).sort());
        expect(walk[0]).toBe(ring.preferenceList(key, 1)[0]);
        expect(walk).toEqual(new RingModel(members, vnodesPerWeight).walk(hashKey(key)));
        expect([...ring.successors(hashKey(key))]).toEqual(walk);
      }),
      { numRuns: 150 },
    );
  });

  test('is lazy: taking the first few does not walk the whole ring', () => {
    const ring = createRing(Array.from({ length: 30 }, (_, i) => ({ id: `n${i}` })));
    const random = seededRandom(1);
    for (let i = 0; i < 100; i++) {
      const iterator = ring.successors(random.u32());
      const first = iterator.next();
      expect(first.done).toBe(false);
      expect(typeof first.value).toBe('string');
    }
  });
});
