import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { LevelSlice, TreeShape } from '../src/index';
import { MerkleError, MerkleTree, decodeSlice, encodeSlice } from '../src/index';
import { entries, smallShape } from './support/trees';

/** A tree of a small shape, a level of it, and a subset of that level's indices. */
const treeSlice = fc
  .tuple(smallShape, entries)
  .chain(([shape, list]) => {
    const tree = MerkleTree.fromEntries(list, shape);
    return fc.integer({ min: 0, max: shape.depth }).chain((level) =>
      fc
        .uniqueArray(fc.integer({ min: 0, max: tree.levelNodes(level) - 1 }), { maxLength: 40 })
        .map((indices) => ({ tree, slice: tree.slice(level, indices.sort((a, b) => a - b)) })),
    );
  });

const shape44: TreeShape = { fanout: 4, depth: 4 };

function expectBadRequest(run: () => unknown, message?: RegExp): void {
  expect(run).toThrow(MerkleError);
  if (message !== undefined) expect(run).toThrow(message);
}

describe('slice codec', () => {
  test('encode → decode round-trips, and the encoding is canonical', () => {
    fc.assert(
      fc.property(treeSlice, ({ tree, slice }) => {
        const bytes = encodeSlice(slice);
        const decoded = decodeSlice(bytes, tree.shape);
        expect(decoded).toEqual(slice);
        expect(encodeSlice(decoded)).toEqual(bytes);
      }),
    );
  });

  test('a whole level round-trips as one run', () => {
    const tree = MerkleTree.fromEntries([['a', Uint8Array.of(1)]], shape44);
    const slice = tree.slice(4);
    const bytes = encodeSlice(slice);
    expect(bytes.length).toBe(5 + 1 + 1 + 2 + 256 * 8); // header, runCount, gap 0, length 256 (2 bytes), hashes
    expect(decodeSlice(bytes, shape44)).toEqual(slice);
  });

  test('every truncation is rejected', () => {
    fc.assert(
      fc.property(treeSlice, ({ tree, slice }) => {
        const bytes = encodeSlice(slice);
        for (let length = 0; length < bytes.length; length++) {
          expectBadRequest(() => decodeSlice(bytes.subarray(0, length), tree.shape));
        }
      }),
      { numRuns: 50 },
    );
  });

  test('a bit flip in magic, version or shape is rejected; one in the level never decodes silently to the same level', () => {
    fc.assert(
      fc.property(treeSlice, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 7 }), ({ tree, slice }, at, bit) => {
        const bytes = encodeSlice(slice);
        bytes[at] = (bytes[at] ?? 0) ^ (1 << bit);
        if (at < 4) {
          expectBadRequest(() => decodeSlice(bytes, tree.shape));
          return;
        }
        try {
          expect(decodeSlice(bytes, tree.shape).level).not.toBe(slice.level);
        } catch (error) {
          expect(error).toBeInstanceOf(MerkleError);
        }
      }),
    );
  });

  test('malformed runs are rejected', () => {
    const header = [0x53, 0x01, 0x02, 0x04, 0x01]; // 4×4 tree, level 1 (4 nodes)
    const hash = [0, 0, 0, 0, 0, 0, 0, 0];
    const cases: Array<[number[], RegExp]> = [
      [[...header, 1, 3, 2, ...hash, ...hash], /beyond the level's 4 nodes/], // indices 3, 4: out of range
      [[...header, 1, 0, 0], /run 0 is empty/],
      [[...header, 2, 0, 1, 0, 1, ...hash, ...hash], /touches run 0/], // indices 0 then 1 as two runs: not maximal
      [[...header, 9, 0, 1, ...hash], /9 runs cannot fit/],
      [[...header, 1, 0, 1, ...hash, 0], /1 nodes need 8 hash bytes, 9 left/],
      [[...header, 1, 0, 2, ...hash], /2 nodes need 16 hash bytes, 8 left/],
      [[...header, 1, 0x80, 0x00, 1, ...hash], /varint gap not minimal/],
      [[...header, 1, 0xff, 0xff, 0xff, 0xff, 0x1f, 1, ...hash], /varint gap exceeds/],
      [[...header, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01], /longer than 5 bytes/],
      [[0x53, 0x01, 0x02, 0x04, 0x05, 0], /level 5 is deeper/],
      [[0x53, 0x02, 0x02, 0x04, 0x00, 0], /version 2 is not supported/],
      [[0x45, 0x01, 0x02, 0x04, 0x00, 0], /magic is 0x45/],
      [[0x53, 0x01, 0x03, 0x04, 0x00, 0], /2\^3×4 tree, this tree is 4×4/],
    ];
    for (const [bytes, message] of cases) expectBadRequest(() => decodeSlice(Uint8Array.from(bytes), shape44), message);
  });

  test('an empty slice is valid; unsorted indices are unrepresentable on the wire', () => {
    const empty = Uint8Array.of(0x53, 0x01, 0x02, 0x04, 0x03, 0x00);
    expect(decodeSlice(empty, shape44).indices.length).toBe(0);
  });

  test('sliceBytesMax bounds what a decoder accepts', () => {
    const tree = MerkleTree.create(shape44);
    const bytes = encodeSlice(tree.slice(4));
    expect(decodeSlice(bytes, shape44, { sliceBytesMax: bytes.length }).indices.length).toBe(256);
    expectBadRequest(() => decodeSlice(bytes, shape44, { sliceBytesMax: bytes.length - 1 }), /sliceBytesMax/);
    expectBadRequest(() => decodeSlice('S' as unknown as Uint8Array, shape44), /Uint8Array/);
  });

  test('encodeSlice refuses a malformed slice', () => {
    const good = MerkleTree.create(shape44).slice(2, [1, 5]);
    const bad: LevelSlice[] = [
      { ...good, indices: Uint32Array.of(5, 1) },
      { ...good, indices: Uint32Array.of(1, 1) },
      { ...good, indices: Uint32Array.of(1, 16) },
      { ...good, hashes: new Uint32Array(2) },
      { ...good, level: 5 },
      { ...good, shape: { fanout: 3, depth: 4 } },
    ];
    for (const slice of bad) expectBadRequest(() => encodeSlice(slice));
  });
});
