// Dynamo §4.7 anti-entropy, Tictac-style: two replicas of 100 000 keys that differ in k keys
// find exactly those keys by exchanging tree levels, then the entries of the differing leaves.
import { describe, expect, test } from 'vitest';
import type { TreeDiff } from '../src/index';
import { MerkleTree, decodeEntries, diffEntries, diffTrees, encodeEntries, entriesInSegments } from '../src/index';
import { seededRandom } from '@kv/test-kit';

const KEYS = 100_000;
const randomA = seededRandom(20_240_601);
const storeA = new Map<string, Uint8Array>();
for (let i = 0; i < KEYS; i++) storeA.set(`key:${i}`, randomA.bytes(8));
const treeA = MerkleTree.fromEntries(storeA);

interface Replica {
  readonly storeB: Map<string, Uint8Array>;
  readonly treeB: MerkleTree;
  readonly changed: string[];
  readonly onlyA: string[];
  readonly onlyB: string[];
}

/** B = A with k differences: a third changed digests, a third keys only on A, a third only on B. */
function replicaWithDifferences(k: number): Replica {
  const random = seededRandom(20_240_601 + k); // each k on its own seed: tests run in any order
  const storeB = new Map(storeA);
  const treeB = treeA.clone(); // B's tree is kept current incrementally, as a node does
  const replica: Replica = { storeB, treeB, changed: [], onlyA: [], onlyB: [] };
  const picked = new Set<number>();
  while (picked.size < k) picked.add(random.int(KEYS));
  let j = 0;
  for (const index of picked) {
    const key = `key:${index}`;
    const old = storeB.get(key) ?? null;
    const fresh = random.bytes(8);
    if (j % 3 === 0) {
      treeB.update(key, old, fresh);
      storeB.set(key, fresh);
      replica.changed.push(key);
    } else if (j % 3 === 1) {
      treeB.update(key, old, null);
      storeB.delete(key);
      replica.onlyA.push(key);
    } else {
      treeB.update(`new:${index}`, null, fresh);
      storeB.set(`new:${index}`, fresh);
      replica.onlyB.push(`new:${index}`);
    }
    j++;
  }
  return replica;
}

const sorted = (keys: readonly unknown[]): string[] => keys.map(String).sort();

const ks = [0, 1, 100, 1000];
const runs = new Map<number, { replica: Replica; tree: TreeDiff }>();

/** The replica and tree diff for k, computed once, so each test stands alone. */
function runFor(k: number): { replica: Replica; tree: TreeDiff } {
  let run = runs.get(k);
  if (run === undefined) {
    const replica = replicaWithDifferences(k);
    run = { replica, tree: diffTrees(treeA, replica.treeB) };
    runs.set(k, run);
  }
  return run;
}

describe('diff of 100 000-key replicas with k differing keys (Dynamo §4.7, Tictac AAE)', () => {
  test.each(ks)('k = %i: the full flow returns exactly the differing keys', (k) => {
    const { replica, tree } = runFor(k);
    const { storeB, treeB, changed, onlyA, onlyB } = replica;
    expect(treeB.equals(MerkleTree.fromEntries(storeB))).toBe(true); // incremental = from scratch

    const listA = encodeEntries(entriesInSegments(storeA, tree.leaves, treeA.shape)); // A → B
    const listB = encodeEntries(entriesInSegments(storeB, tree.leaves, treeB.shape)); // B → A
    const atB = diffEntries(entriesInSegments(storeB, tree.leaves, treeB.shape), decodeEntries(listA, { keyEncoding: 'utf8' }));
    const atA = diffEntries(entriesInSegments(storeA, tree.leaves, treeA.shape), decodeEntries(listB, { keyEncoding: 'utf8' }));

    expect(sorted(atA.different)).toEqual(sorted(changed));
    expect(sorted(atA.missingRemote)).toEqual(sorted(onlyA));
    expect(sorted(atA.missingLocal)).toEqual(sorted(onlyB));
    expect(sorted(atB.different)).toEqual(sorted(changed));
    expect(sorted(atB.missingLocal)).toEqual(sorted(onlyA));
    expect(sorted(atB.missingRemote)).toEqual(sorted(onlyB));

    const total = tree.bytesExchanged + listA.length + listB.length;
    console.log(
      `k=${k}: ${tree.leaves.length} differing leaves, ${tree.messages} messages; ` +
        `tree ${tree.bytesExchanged} B + entry lists ${listA.length} + ${listB.length} B = ${total} B` +
        (k > 0 ? ` (${(total / k).toFixed(0)} B per differing key)` : ''),
    );
  });

  test('the walk visits only differing subtrees: nodes sent per level ≤ differing nodes above × fanout', () => {
    const fanout = treeA.fanout;
    for (const k of ks) {
      const { tree } = runFor(k);
      expect(tree.perLevel[0]).toMatchObject({ level: 0, nodesSent: 1 });
      let nodesSent = 0;
      for (let i = 0; i < tree.perLevel.length; i++) {
        const here = tree.perLevel[i];
        const above = tree.perLevel[i - 1];
        if (here === undefined) continue;
        nodesSent += here.nodesSent;
        if (above !== undefined) expect(here.nodesSent).toBeLessThanOrEqual(above.nodesDiffering * fanout);
        expect(here.nodesDiffering).toBeLessThanOrEqual(Math.min(k, here.nodesSent));
      }
      // Bounded by the difference, not by the tree's 299 593 nodes.
      expect(nodesSent).toBeLessThanOrEqual(1 + k * fanout * treeA.depth);
      console.log(`k=${k}: ${nodesSent} nodes compared of ${treeA.hashBytes / 8} in the tree`);
    }
  });

  test('identical trees exchange only the root', () => {
    const { tree } = runFor(0);
    expect(tree.leaves).toEqual([]);
    expect(tree.perLevel).toEqual([
      { level: 0, sender: 'a', nodesSent: 1, nodesDiffering: 0, bytes: 16 },
      { level: 1, sender: 'b', nodesSent: 0, nodesDiffering: 0, bytes: 6 },
    ]);
    expect(tree.bytesExchanged).toBe(22);
  });
});
