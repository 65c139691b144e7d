// DESIGN.md §5 / the ring issue: adding one node to n (n = 3..20) moves no more than
// 1/(n+1) + 2 % of 100 000 keys, and every moved key moves to the new node (Dynamo §4.2:
// a join only takes ranges from the existing nodes, nothing else is reshuffled).
import { expect, test } from 'vitest';
import { createRing, diffRings, hashKey, keySpaceFraction } from '../src/index';

const keyCount = 100_000;
const slack = 0.02;

test('join: moved keys ≤ 1/(n+1) + 2 %, all to the new node (n = 3..20, 100 000 keys)', () => {
  const positions = Array.from({ length: keyCount }, (_, i) => hashKey(`key-${i}`));
  const rows: string[] = [];
  for (let n = 3; n <= 20; n++) {
    const members = Array.from({ length: n }, (_, i) => ({ id: `node-${i}` }));
    const joiner = `node-${n}`;
    const before = createRing(members);
    const after = createRing([...members, { id: joiner }]);
    let moved = 0;
    for (const position of positions) {
      const was = before.preferenceListAt(position, 1)[0];
      const is = after.preferenceListAt(position, 1)[0];
      if (was === is) continue;
      moved++;
      expect(is).toBe(joiner);
    }
    const ideal = 1 / (n + 1);
    const movedFraction = moved / keyCount;
    const exactFraction = keySpaceFraction(diffRings(before, after, 1)); // the whole key space, from arcs
    expect(movedFraction).toBeLessThanOrEqual(ideal + slack);
    expect(exactFraction).toBeLessThanOrEqual(ideal + slack);
    rows.push(
      `| ${String(n).padStart(2)} → ${String(n + 1).padStart(2)} | ${pct(movedFraction)} | ${pct(exactFraction)} | ${pct(ideal)} | ${pct(ideal + slack)} |`,
    );
  }
  console.log(
    [
      `join movement, ${keyCount} keys "key-0".."key-${keyCount - 1}", default vnodesPerWeight:`,
      '| nodes | moved keys | moved key space (exact) | ideal 1/(n+1) | bound |',
      '|---|---:|---:|---:|---:|',
      ...rows,
    ].join('\n'),
  );
});

function pct(fraction: number): string {
  return `${(fraction * 100).toFixed(2)} %`;
}
