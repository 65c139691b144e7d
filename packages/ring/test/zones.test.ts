// Per-zone replica lists (Cassandra NetworkTopologyStrategy style) for local_quorum and
// per-datacenter replica counts.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { createRing } from '../src/index';
import { keyArb, membersArb, vnodesArb, zoneNames } from './support/arbitraries';

describe('preferenceListByZone', () => {
  test('each listed zone gets its first k members in clockwise walk order', () => {
    const requestArb = fc.dictionary(fc.constantFrom(...zoneNames, 'dc-empty'), fc.integer({ min: 0, max: 4 }));
    fc.assert(
      fc.property(membersArb(), vnodesArb, keyArb, requestArb, (members, vnodesPerWeight, key, request) => {
        const ring = createRing(members, { vnodesPerWeight });
        const byZone = ring.preferenceListByZone(key, request);
        const walk = [...ring.successors(key)];
        expect([...byZone.keys()]).toEqual(Object.keys(request));
        for (const [zone, k] of Object.entries(request)) {
          const expected = walk.filter((id) => ring.member(id)?.zone === zone).slice(0, k);
          expect(byZone.get(zone)).toEqual(expected);
        }
      }),
      { numRuns: 200 },
    );
  });

  test('local_quorum: a coordinator finds the replicas in its own zone', () => {
    const ring = createRing([
      { id: 'eu-1a', zone: 'eu' },
      { id: 'eu-1b', zone: 'eu' },
      { id: 'eu-1c', zone: 'eu' },
      { id: 'us-1a', zone: 'us' },
      { id: 'us-1b', zone: 'us' },
    ]);
    const replicas = ring.preferenceListByZone('user:42', { eu: 3, us: 2 });
    const coordinatorZone = ring.member('eu-1a')?.zone ?? '';
    const local = replicas.get(coordinatorZone)!;
    expect([...local].sort()).toEqual(['eu-1a', 'eu-1b', 'eu-1c']);
    expect(Math.floor(local.length / 2) + 1).toBe(2); // local quorum of 3 local replicas
    expect([...replicas.get('us')!].sort()).toEqual(['us-1a', 'us-1b']);
  });

  test('ring.zones lists named zones, sorted', () => {
    const ring = createRing([{ id: 'a', zone: 'z2' }, { id: 'b', zone: 'z1' }, { id: 'c' }, { id: 'd', zone: 'z2' }]);
    expect(ring.zones).toEqual(['z1', 'z2']);
    expect(ring.member('c')).toEqual({ id: 'c', weight: 1, tokenCount: 2048 });
  });
});
