// Dynamo §4.3: the preference list is the first N distinct physical nodes clockwise from the
// key; with zones, replicas spread over distinct zones first.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRing, hashKey } from '../src/index';
import { keyArb, membersArb, positionArb, vnodesArb } from './support/arbitraries';
import { RingModel } from './support/model';

const nArb = fc.integer({ min: 1, max: 12 });

describe('preference lists (properties)', () => {
  test('hold min(n, members) distinct members; the first min(n, zones) are in distinct zones', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, keyArb, nArb, (members, vnodesPerWeight, key, n) => {
        const ring = createRing(members, { vnodesPerWeight });
        const model = new RingModel(members, vnodesPerWeight);
        const list = ring.preferenceList(key, n);
        expect(list.length).toBe(Math.min(n, members.length));
        expect(new Set(list).size).toBe(list.length);
        for (const id of list) expect(ring.member(id)).toBeDefined();
        const zoneSpread = Math.min(n, model.zoneCount);
        const zones = new Set(list.slice(0, zoneSpread).map((id) => model.zone(id)));
        expect(zones.size).toBe(zoneSpread);
        if (model.zoneCount >= n) expect(new Set(list.map((id) => model.zone(id))).size).toBe(list.length);
      }),
      { numRuns: 300 },
    );
  });

  test('equal the slow reference model (sorted token objects, linear scan, filtered walk)', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, fc.array(positionArb, { minLength: 1, maxLength: 8 }), nArb, (members, vnodesPerWeight, positions, n) => {
        const ring = createRing(members, { vnodesPerWeight });
        const model = new RingModel(members, vnodesPerWeight);
        // Random positions plus token positions and their neighbours (arc edges).
        const edges = model.tokens.slice(0, 6).flatMap((t) => [t.position, (t.position + 1) % 2 ** 32, Math.max(0, t.position - 1)]);
        for (const position of [...positions, ...edges, 0, 2 ** 32 - 1]) {
          expect(ring.preferenceListAt(position, n)).toEqual(model.preferenceList(position, n));
        }
      }),
      { numRuns: 200 },
    );
  });

  test('preferenceList(key) = preferenceListAt(hashKey(key)); repeated lookups agree (cache)', () => {
    fc.assert(
      fc.property(membersArb(), vnodesArb, keyArb, nArb, (members, vnodesPerWeight, key, n) => {
        const ring = createRing(members, { vnodesPerWeight });
        const first = ring.preferenceList(key, n);
        expect(ring.preferenceList(key, n)).toEqual(first);
        expect(ring.preferenceListAt(hashKey(key), n)).toEqual(first);
      }),
      { numRuns: 200 },
    );
  });
});

describe('preference lists (examples)', () => {
  test('without zones: the first n distinct members of the clockwise walk', () => {
    const ring = createRing([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }], { vnodesPerWeight: 16 });
    for (let i = 0; i < 200; i++) {
      const key = `key-${i}`;
      expect(ring.preferenceList(key, 3)).toEqual([...ring.successors(key)].slice(0, 3));
    }
  });

  test('with zones: picks new zones first, then the skipped members in walk order', () => {
    // Find a position whose walk starts a1, a2 (same zone) then b1: the list must be a1, b1, a2.
    const ring = createRing(
      [
        { id: 'a1', zone: 'A' },
        { id: 'a2', zone: 'A' },
        { id: 'b1', zone: 'B' },
      ],
      { vnodesPerWeight: 8 },
    );
    let checked = 0;
    for (let i = 0; i < 500; i++) {
      const walk = [...ring.successors(`k${i}`)];
      const list = ring.preferenceList(`k${i}`, 3);
      const firstA = walk.find((id) => id.startsWith('a'));
      const otherA = walk.find((id) => id.startsWith('a') && id !== firstA);
      if (walk[0]!.startsWith('a')) expect(list).toEqual([firstA, 'b1', otherA]);
      else expect(list).toEqual(['b1', firstA, otherA]);
      checked++;
    }
    expect(checked).toBe(500);
  });

  test('members without a zone share one implicit zone', () => {
    const ring = createRing([{ id: 'x' }, { id: 'y' }, { id: 'z', zone: 'Z' }], { vnodesPerWeight: 8 });
    for (let i = 0; i < 200; i++) {
      const list = ring.preferenceList(`k${i}`, 2);
      expect(list).toContain('z'); // 2 zones (implicit + Z) → both represented in 2 replicas
    }
  });

  test('n larger than the cluster returns every member once', () => {
    const ring = createRing([{ id: 'a' }, { id: 'b' }]);
    expect([...ring.preferenceList('k', 5)].sort()).toEqual(['a', 'b']);
  });

  test('n past the cache budget (walked, not cached) gives the same lists as a cached ring', () => {
    // 100 members × 2048 tokens: caches for n = 1..5 fill the 16 MiB budget, n ≥ 6 walk.
    const members = Array.from({ length: 100 }, (_, i) => ({ id: `m${i}`, zone: `z${i % 7}` }));
    const shared = createRing(members);
    const positions = Array.from({ length: 50 }, (_, i) => hashKey(`key-${i}`));
    for (let n = 1; n <= 12; n++) {
      const fresh = createRing(members); // its first cache is for this n
      for (const position of positions) expect(shared.preferenceListAt(position, n)).toEqual(fresh.preferenceListAt(position, n));
    }
  });
});
