import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { hashEntry } from '../src/entry-hash';
import { MerkleError, MerkleTree, merkleDefaults, segmentOf } from '../src/index';
import { digest, dump, entries, key, smallShape } from './support/trees';

type Op = { kind: 'put'; key: string; digest: Uint8Array } | { kind: 'delete'; key: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f'), digest }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f') }),
);

describe('MerkleTree (Tictac-style XOR tree, updated incrementally)', () => {
  test('incremental puts and deletes in any order equal a build from scratch of the final entries', () => {
    fc.assert(
      fc.property(smallShape, fc.array(op, { maxLength: 80 }), (shape, ops) => {
        const tree = MerkleTree.create(shape);
        const model = new Map<string, Uint8Array>();
        for (const step of ops) {
          const old = model.get(step.key) ?? null;
          if (step.kind === 'put') {
            tree.update(step.key, old, step.digest);
            model.set(step.key, step.digest);
          } else {
            tree.update(step.key, old, null);
            model.delete(step.key);
          }
        }
        expect(dump(tree)).toEqual(dump(MerkleTree.fromEntries(model, shape)));
      }),
    );
  });

  test('the tree depends on the set of entries only, not on insertion order', () => {
    const listAndShuffle = entries.chain((list) =>
      fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })),
    );
    fc.assert(
      fc.property(smallShape, listAndShuffle, (shape, [list, shuffled]) => {
        const a = MerkleTree.fromEntries(list, shape);
        const b = MerkleTree.fromEntries(shuffled, shape);
        expect(dump(a)).toEqual(dump(b));
        expect(a.equals(b)).toBe(true);
      }),
    );
  });

  test('insert then remove (in another order) restores the empty, all-zero tree', () => {
    fc.assert(
      fc.property(smallShape, entries, (shape, list) => {
        const tree = MerkleTree.fromEntries(list, shape);
        for (const entry of [...list].reverse()) tree.remove(entry.key, entry.digest);
        for (const level of dump(tree)) expect(level.every((lane) => lane === 0)).toBe(true);
        expect(tree.root()).toBe('0000000000000000');
      }),
    );
  });

  test('update(key, old, new) equals remove(key, old) then insert(key, new)', () => {
    fc.assert(
      fc.property(smallShape, entries, key, digest, digest, (shape, list, k, oldDigest, newDigest) => {
        const a = MerkleTree.fromEntries(list, shape);
        const b = a.clone();
        a.update(k, oldDigest, newDigest);
        b.remove(k, oldDigest);
        b.insert(k, newDigest);
        expect(dump(a)).toEqual(dump(b));
        const c = a.clone();
        c.update(k, null, null);
        expect(dump(c)).toEqual(dump(a));
      }),
    );
  });

  test('a leaf is the XOR of its entries; an interior node the XOR of its children', () => {
    fc.assert(
      fc.property(smallShape, entries, (shape, list) => {
        const tree = MerkleTree.fromEntries(list, shape);
        const leaves = new Uint32Array(2 * tree.leaves);
        const out = new Uint32Array(3);
        for (const entry of list) {
          hashEntry(entry.key, entry.digest, out);
          const segment = segmentOf(entry.key, shape);
          leaves[2 * segment] = (leaves[2 * segment] ?? 0) ^ (out[1] ?? 0);
          leaves[2 * segment + 1] = (leaves[2 * segment + 1] ?? 0) ^ (out[2] ?? 0);
        }
        const levels = dump(tree);
        expect(levels[tree.depth]).toEqual(Array.from(leaves));
        for (let level = 0; level < tree.depth; level++) {
          const parents = levels[level] ?? [];
          const children = levels[level + 1] ?? [];
          for (let node = 0; node < parents.length / 2; node++) {
            let lane0 = 0;
            let lane1 = 0;
            for (let c = 0; c < tree.fanout; c++) {
              lane0 ^= children[2 * (node * tree.fanout + c)] ?? 0;
              lane1 ^= children[2 * (node * tree.fanout + c) + 1] ?? 0;
            }
            expect([parents[2 * node], parents[2 * node + 1]]).toEqual([lane0 >>> 0, lane1 >>> 0]);
          }
        }
      }),
      { numRuns: 50 },
    );
  });

  test('a string key and its UTF-8 bytes are the same entry', () => {
    const a = MerkleTree.create();
    const b = MerkleTree.create();
    a.insert('clé', Uint8Array.of(1));
    b.insert(new TextEncoder().encode('clé'), Uint8Array.of(1));
    expect(a.equals(b)).toBe(true);
    expect(a.root()).not.toBe('0000000000000000');
  });

  test('shape accessors, nodeHash, clone, clear, equals', () => {
    const tree = MerkleTree.create();
    expect(tree.shape).toEqual(merkleDefaults.shape);
    expect([tree.fanout, tree.depth, tree.leaves, tree.hashBytes]).toEqual([8, 6, 262_144, 2_396_744]);
    expect(tree.levelNodes(2)).toBe(64);
    tree.insert('k', Uint8Array.of(7));
    const segment = segmentOf('k', tree.shape);
    expect(tree.nodeHash(6, segment)).toBe(tree.root());
    expect(tree.nodeHash(5, segment >> 3)).toBe(tree.root());
    const copy = tree.clone();
    tree.clear();
    expect(tree.root()).toBe('0000000000000000');
    expect(copy.root()).not.toBe('0000000000000000');
    expect(copy.equals(tree)).toBe(false);
    expect(MerkleTree.create({ fanout: 4, depth: 2 }).equals(MerkleTree.create({ fanout: 16, depth: 1 }))).toBe(false);
  });

  test('bad input is a MerkleError BAD_REQUEST', () => {
    const tree = MerkleTree.create({ fanout: 4, depth: 2 });
    const cases: Array<() => unknown> = [
      () => tree.nodeHash(3, 0),
      () => tree.nodeHash(1, 4),
      () => tree.nodeHash(1, -1),
      () => tree.levelNodes(-1),
      () => tree.insert('', Uint8Array.of(1)),
      () => tree.insert('k', new Uint8Array(0)),
      () => tree.update('k', null, new Uint8Array(65)),
      () => tree.slice(2, [3, 1]),
      () => tree.slice(2, [16]),
      () => MerkleTree.create({ fanout: 6, depth: 2 }),
      () => MerkleTree.fromEntries([{ key: 'k' } as never]),
    ];
    for (const run of cases) {
      expect(run).toThrow(MerkleError);
      try {
        run();
      } catch (error) {
        expect((error as MerkleError).code).toBe('BAD_REQUEST');
      }
    }
  });
});
