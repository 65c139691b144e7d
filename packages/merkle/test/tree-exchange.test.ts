import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { MerkleError, MerkleTree, TreeExchange, diffTrees, encodeSlice, segmentOf } from '../src/index';
import { digest, smallShape } from './support/trees';

const store = fc.dictionary(fc.string({ minLength: 1, maxLength: 6 }), digest, { maxKeys: 40 });

/** The segments where two stores differ, computed directly from the entries. */
function differingSegments(a: Record<string, Uint8Array>, b: Record<string, Uint8Array>, shape: { fanout: number; depth: number }): number[] {
  const segments = new Set<number>();
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if ((a[key] ?? []).toString() !== (b[key] ?? []).toString()) segments.add(segmentOf(key, shape));
  }
  return [...segments].sort((x, y) => x - y);
}

describe('tree exchange (sans-IO, level by level)', () => {
  test('finds exactly the segments where the entries differ, and walks only differing subtrees', () => {
    fc.assert(
      fc.property(smallShape, store, store, (shape, a, b) => {
        const result = diffTrees(MerkleTree.fromEntries(Object.entries(a), shape), MerkleTree.fromEntries(Object.entries(b), shape));
        expect(result.leaves).toEqual(differingSegments(a, b, shape));
        expect(result.perLevel[0]?.nodesSent).toBe(1);
        for (let i = 1; i < result.perLevel.length; i++) {
          expect(result.perLevel[i]?.nodesSent).toBe((result.perLevel[i - 1]?.nodesDiffering ?? 0) * shape.fanout);
        }
        expect(result.messages).toBeLessThanOrEqual(shape.depth + 2);
      }),
    );
  });

  test('two sides driven by hand: every message is a slice, the last names the differing leaves', () => {
    const shape = { fanout: 4, depth: 3 };
    const a = MerkleTree.fromEntries([['x', Uint8Array.of(1)], ['y', Uint8Array.of(1)]], shape);
    const b = MerkleTree.fromEntries([['x', Uint8Array.of(2)], ['y', Uint8Array.of(1)]], shape);
    const initiator = new TreeExchange(a);
    const responder = new TreeExchange(b);
    let message: Uint8Array | null = initiator.start();
    let receiver = responder;
    while (message !== null) {
      message = receiver.receive(message);
      receiver = receiver === responder ? initiator : responder;
    }
    expect(Array.from(initiator.leaves)).toEqual([segmentOf('x', shape)]);
    expect(Array.from(responder.leaves)).toEqual([segmentOf('x', shape)]);
    const lines = (side: TreeExchange): string[] => side.history.map((r) => `${r.direction} ${r.role} ${r.level} ${r.nodes}`);
    expect(lines(initiator)).toEqual(['sent compare 0 1', 'received compare 1 4', 'sent compare 2 4', 'received compare 3 4', 'sent answer 3 1']);
    expect(lines(responder)).toEqual(['received compare 0 1', 'sent compare 1 4', 'received compare 2 4', 'sent compare 3 4', 'received answer 3 1']);
  });

  test('a message out of turn, after the end, or from another shape is a MerkleError', () => {
    const shape = { fanout: 4, depth: 3 };
    const a = MerkleTree.fromEntries([['x', Uint8Array.of(1)]], shape);
    const b = MerkleTree.create(shape);
    expect(() => new TreeExchange(b).receive(encodeSlice(a.slice(1, [0])))).toThrow(/expected a slice of level 0, got level 1/);
    const initiator = new TreeExchange(a);
    initiator.start();
    expect(() => initiator.receive(encodeSlice(b.slice(0)))).toThrow(/expected a slice of level 1, got level 0/);
    const equal = new TreeExchange(a.clone());
    expect(equal.receive(new TreeExchange(a).start())).toEqual(encodeSlice(a.slice(1, [])));
    expect(equal.done).toBe(true);
    expect(() => equal.receive(encodeSlice(a.slice(0)))).toThrow(/already done/);
    const other = new TreeExchange(MerkleTree.create({ fanout: 8, depth: 2 }));
    expect(() => other.receive(new TreeExchange(a).start())).toThrow(MerkleError);
    expect(() => diffTrees(a, MerkleTree.create({ fanout: 8, depth: 2 }))).toThrow(/cannot compare/);
  });

  test('sliceBytesMax bounds every message a side accepts', () => {
    const shape = { fanout: 16, depth: 2 };
    const a = MerkleTree.fromEntries([['x', Uint8Array.of(1)]], shape);
    const b = MerkleTree.create(shape);
    expect(diffTrees(a, b, { sliceBytesMax: 5 + 3 + 16 * 8 }).leaves).toEqual([segmentOf('x', shape)]);
    expect(() => diffTrees(a, b, { sliceBytesMax: 5 + 3 + 16 * 8 - 1 })).toThrow(/sliceBytesMax/);
  });
});
