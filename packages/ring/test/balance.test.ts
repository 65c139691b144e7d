// DESIGN.md §5 / the ring issue: with the default vnode count, ownership at 10, 20 and 50
// equal nodes is within ±10 % of the mean, and a weight-2 node owns 2× (±10 %) the mean of
// weight-1 nodes. Ownership is exact (summed from arcs, not sampled); checked for `node-i`
// ids and for 10 seeded random id sets, since balance depends on where the ids hash.
import { expect, test } from 'vitest';
import type { Member } from '../src/index';
import { createRing } from '../src/index';
import { seededRandom } from '@kv/test-kit';

const idSetCount = 10;

/** `count` distinct random ids like "3f9a0c1d-7", seeded. */
function randomIds(count: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => `${random.u32().toString(16)}-${i}`);
}

function idSets(count: number): string[][] {
  const sequential = Array.from({ length: count }, (_, i) => `node-${i}`);
  return [sequential, ...Array.from({ length: idSetCount }, (_, seed) => randomIds(count, 1000 * count + seed))];
}

/** Largest |share / mean − 1| over members. */
function maxDeviation(ownership: ReadonlyMap<string, number>): number {
  const shares = [...ownership.values()];
  const mean = shares.reduce((a, b) => a + b, 0) / shares.length;
  return Math.max(...shares.map((share) => Math.abs(share / mean - 1)));
}

test('balance: ownership of equal nodes within ±10 % of the mean (10, 20, 50 nodes)', () => {
  const lines: string[] = [];
  for (const count of [10, 20, 50]) {
    let worstPrimary = 0;
    let worstReplica = 0;
    for (const ids of idSets(count)) {
      const ring = createRing(ids.map((id) => ({ id })));
      worstPrimary = Math.max(worstPrimary, maxDeviation(ring.ownership(1)));
      worstReplica = Math.max(worstReplica, maxDeviation(ring.ownership(3)));
    }
    expect(worstPrimary).toBeLessThanOrEqual(0.1);
    lines.push(
      `| ${count} | ${(worstPrimary * 100).toFixed(2)} % | ${(worstReplica * 100).toFixed(2)} % |`,
    );
  }
  console.log(
    [
      `balance, default vnodesPerWeight (2048), worst over ${idSetCount + 1} id sets (node-i + ${idSetCount} seeded random):`,
      '| nodes | max deviation from mean, primary (n=1, asserted ≤ 10 %) | same, replicas (n=3, informational) |',
      '|---|---:|---:|',
      ...lines,
    ].join('\n'),
  );
});

test('weights: a weight-2 node owns 2× (±10 %) the mean of weight-1 nodes (10-node ring)', () => {
  const ratios: number[] = [];
  for (const ids of idSets(10)) {
    const members: Member[] = ids.map((id, i) => ({ id, weight: i === 0 ? 2 : 1 }));
    const ownership = createRing(members).ownership(1);
    const heavy = ownership.get(ids[0]!)!;
    const light = ids.slice(1).map((id) => ownership.get(id)!);
    const ratio = heavy / (light.reduce((a, b) => a + b, 0) / light.length);
    expect(ratio).toBeGreaterThanOrEqual(1.8);
    expect(ratio).toBeLessThanOrEqual(2.2);
    ratios.push(ratio);
  }
  console.log(
    `weights: weight-2 node / mean weight-1 node, 10 nodes, ${ratios.length} id sets: ` +
      `node-i ${ratios[0]!.toFixed(3)}×, min ${Math.min(...ratios).toFixed(3)}×, max ${Math.max(...ratios).toFixed(3)}×`,
  );
});
