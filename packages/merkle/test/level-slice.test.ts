import { describe, expect, test } from 'vitest';
import { MerkleError, MerkleTree, childIndices, diffSlice } from '../src/index';

describe('level slice', () => {
  test('childIndices lists the children of each node, ascending', () => {
    expect(Array.from(childIndices([0], 4))).toEqual([0, 1, 2, 3]);
    expect(Array.from(childIndices(Uint32Array.of(1, 3), 2))).toEqual([2, 3, 6, 7]);
    expect(childIndices([], 8).length).toBe(0);
  });

  test('tree.slice copies the hashes of the chosen nodes', () => {
    const tree = MerkleTree.fromEntries([['a', Uint8Array.of(1)], ['b', Uint8Array.of(2)]], { fanout: 4, depth: 2 });
    const whole = tree.slice(2);
    expect(Array.from(whole.indices)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    const some = tree.slice(2, [3, 9]);
    expect(Array.from(some.hashes)).toEqual([...whole.hashes.subarray(6, 8), ...whole.hashes.subarray(18, 20)]);
    tree.clear();
    expect(whole.hashes.some((lane) => lane !== 0)).toBe(true); // a copy: clear() left it alone
  });

  test('diffSlice names the remote nodes whose hash differs from ours', () => {
    const shape = { fanout: 4, depth: 2 };
    const a = MerkleTree.fromEntries([['a', Uint8Array.of(1)], ['b', Uint8Array.of(2)]], shape);
    const b = a.clone();
    b.update('b', Uint8Array.of(2), Uint8Array.of(3));
    expect(Array.from(diffSlice(a, b.slice(0)))).toEqual([0]);
    const leaves = diffSlice(a, b.slice(2));
    expect(leaves.length).toBe(1);
    expect(b.nodeHash(2, leaves[0] ?? -1)).not.toBe(a.nodeHash(2, leaves[0] ?? -1));
    expect(diffSlice(a, a.slice(2)).length).toBe(0);
    expect(() => diffSlice(a, MerkleTree.create({ fanout: 2, depth: 4 }).slice(0))).toThrow(MerkleError);
    expect(() => diffSlice(a, { ...a.slice(1), hashes: new Uint32Array(1) })).toThrow(/hash lanes/);
  });
});
