// Replica placement for a request: the key's N primaries from the preference list, and, for a
// sloppy request, the next healthy nodes on the ring for the down ones (Dynamo §4.6: "if node A
// is temporarily down or unreachable during a write operation then a replica that would normally
// have lived on A will now be sent to node D … the replica sent to D will have a hint in its
// metadata that suggests which node was the intended recipient").
import { createRing } from '@kv/ring';
import { describe, expect, it } from 'vitest';
import { viewState } from '../src/cluster-view.js';
import { resolveKeyspaces } from '../src/keyspace.js';
import { planReplicas, primariesOf } from '../src/replica-plan.js';

const ring = createRing(['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id })), { vnodesPerWeight: 64 });
const n3 = { n: 3, replicasPerZone: undefined };
const view = (down: string[] = []) => viewState({ ring, down });

describe('planReplicas', () => {
  it('with every node up, the targets are the preference list', () => {
    for (const key of ['k1', 'k2', 'user:42']) {
      const plan = planReplicas(view(), key, n3, true);
      expect(plan.primaries).toEqual(ring.preferenceList(key, 3));
      expect(plan.targets).toEqual(plan.primaries.map((node) => ({ node })));
      expect(plan.uncovered).toEqual([]);
    }
  });

  it('Dynamo §4.6: a down primary is replaced by the next up node clockwise, with a hint naming it', () => {
    const key = 'k1';
    const [first, second, third] = ring.preferenceList(key, 3) as [string, string, string];
    const walk = [...ring.successors(key)];
    const expectedFallback = walk.find((node) => ![first, second, third].includes(node));
    const plan = planReplicas(view([second]), key, n3, true);
    expect(plan.targets).toEqual([{ node: first }, { node: expectedFallback, hintFor: second }, { node: third }]);
  });

  it('two down primaries get two distinct fallbacks, and down nodes are never fallbacks', () => {
    const key = 'k2';
    const primaries = ring.preferenceList(key, 3);
    const nonPrimaries = [...ring.successors(key)].filter((n) => !primaries.includes(n));
    const plan = planReplicas(view([primaries[0]!, primaries[2]!, nonPrimaries[0]!]), key, n3, true);
    const nodes = plan.targets.map((t) => t.node);
    expect(new Set(nodes).size).toBe(3);
    expect(plan.targets[0]).toEqual({ node: nonPrimaries[1], hintFor: primaries[0] });
    expect(plan.targets[2]).toEqual({ node: nonPrimaries[2], hintFor: primaries[2] });
  });

  it('a strict request (sloppy = false) uses primaries only and reports the down ones as uncovered', () => {
    const primaries = ring.preferenceList('k3', 3);
    const plan = planReplicas(view([primaries[1]!]), 'k3', n3, false);
    expect(plan.targets).toEqual([{ node: primaries[0] }, { node: primaries[2] }]);
    expect(plan.uncovered).toEqual([primaries[1]]);
  });

  it('when no node is left to stand in, the primary is uncovered', () => {
    const small = createRing([{ id: 'a' }, { id: 'b' }, { id: 'c' }], { vnodesPerWeight: 16 });
    const plan = planReplicas(viewState({ ring: small, down: ['b'] }), 'k', n3, true);
    expect(plan.targets.map((t) => t.node).sort()).toEqual(['a', 'c']);
    expect(plan.uncovered).toEqual(['b']);
  });

  it('a fallback is taken from the down primary zone when that zone has an up node', () => {
    const zoned = createRing(
      ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, zone: id[0] === 'a' ? 'za' : 'zb' })),
      { vnodesPerWeight: 64 },
    );
    for (const key of ['x', 'y', 'z', 'w']) {
      const primaries = zoned.preferenceList(key, 2);
      const plan = planReplicas(viewState({ ring: zoned, down: [primaries[0]!] }), key, { n: 2, replicasPerZone: undefined }, true);
      const fallback = plan.targets.find((t) => t.hintFor !== undefined)!;
      expect(zoned.member(fallback.node)?.zone).toBe(zoned.member(primaries[0]!)?.zone);
    }
  });

  it('a per-zone policy takes k primaries in each zone (NetworkTopologyStrategy), zones in name order', () => {
    const zoned = createRing(
      ['a1', 'a2', 'a3', 'b1', 'b2', 'b3'].map((id) => ({ id, zone: id[0] === 'a' ? 'za' : 'zb' })),
      { vnodesPerWeight: 64 },
    );
    const [policy] = resolveKeyspaces({ multi: { replicasPerZone: { zb: 1, za: 2 } } }).values();
    expect(policy).toEqual({ n: 3, replicasPerZone: { zb: 1, za: 2 } });
    const primaries = primariesOf(viewState({ ring: zoned, down: [] }), 'k', policy!);
    expect(primaries.map((p) => zoned.member(p)?.zone)).toEqual(['za', 'za', 'zb']);
  });
});
