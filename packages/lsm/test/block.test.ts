// Block grammar (FORMAT.md §Blocks): builder → contents → Block round trip, search and cursor
// against a sorted-array model, the block trailer (codec + crc32c) and LZ4's 12.5 % rule.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockBuilder } from '../src/block-builder.js';
import { Block } from '../src/block.js';
import { toHex } from '../src/bytes.js';
import { CODEC_LZ4, CODEC_NONE, decodeBlock, encodeBlock } from '../src/compression.js';
import { KIND_DELETE, KIND_VALUE, MAX_SEQ, compareEntries } from '../src/entry.js';
import type { EntryKind } from '../src/entry.js';
import { LsmError } from '../src/errors.js';

interface ModelEntry {
  key: Uint8Array;
  seq: number;
  kind: EntryKind;
  value: Uint8Array;
}

const utf8 = new TextEncoder();

function build(entries: readonly ModelEntry[]): Uint8Array {
  const builder = new BlockBuilder();
  for (const e of entries) builder.add(e.key, e.seq, e.kind, e.value);
  return builder.finish().slice();
}

function sortUnique(entries: ModelEntry[]): ModelEntry[] {
  const sorted = [...entries].sort((a, b) => compareEntries(a.key, a.seq, b.key, b.seq));
  return sorted.filter((e, i) => i === 0 || compareEntries(sorted[i - 1]!.key, sorted[i - 1]!.seq, e.key, e.seq) !== 0);
}

const entryArb: fc.Arbitrary<ModelEntry> = fc
  .record({
    key: fc.uint8Array({ minLength: 0, maxLength: 5, max: 3 }),
    seq: fc.oneof(fc.integer({ min: 0, max: 20 }), fc.constantFrom(0x1_0000_0000, MAX_SEQ - 1, MAX_SEQ)),
    tombstone: fc.boolean(),
    value: fc.uint8Array({ maxLength: 200 }),
  })
  .map(({ key, seq, tombstone, value }) =>
    tombstone ? { key, seq, kind: KIND_DELETE, value: new Uint8Array(0) } : { key, seq, kind: KIND_VALUE, value },
  );

const targetArb = fc.record({
  key: fc.uint8Array({ minLength: 0, maxLength: 5, max: 3 }),
  seq: fc.oneof(fc.integer({ min: 0, max: 21 }), fc.constant(MAX_SEQ)),
});

function entryAt(block: Block, i: number): ModelEntry {
  return { key: block.keyAt(i).slice(), seq: block.seqAt(i), kind: block.kindAt(i), value: block.valueAt(i).slice() };
}

describe('BlockBuilder / Block', () => {
  it('encodes the documented grammar (hex fixture)', () => {
    const contents = build([
      { key: utf8.encode('a'), seq: 1, kind: KIND_VALUE, value: utf8.encode('x') },
      { key: utf8.encode('b'), seq: 2, kind: KIND_DELETE, value: new Uint8Array(0) },
    ]);
    // entry := kind seq:u64le keyLength valueLength key value ; then offsets:u32le[2] count:u32le
    expect(toHex(contents)).toBe(
      '01' + '0100000000000000' + '01' + '01' + '61' + '78' +
        '00' + '0200000000000000' + '01' + '00' + '62' +
        '00000000' + '0d000000' + '02000000',
    );
  });

  it('round-trips random sorted entries: forward, backward, seek and seekForPrev match the model', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 60 }), fc.array(targetArb, { maxLength: 20 }), (raw, targets) => {
        const model = sortUnique(raw);
        const block = new Block(build(model), 'test.sst', 0);
        expect(block.count).toBe(model.length);
        expect(model.map((_, i) => entryAt(block, i))).toEqual(model);
        const it = block.iterator();
        const forward: ModelEntry[] = [];
        for (it.seekToFirst(); it.valid(); it.next()) forward.push({ key: it.key().slice(), seq: it.seq(), kind: it.kind(), value: it.value().slice() });
        expect(forward).toEqual(model);
        const backward: number[] = [];
        for (it.seekToLast(); it.valid(); it.prev()) backward.push(it.seq());
        expect(backward).toEqual(model.map((e) => e.seq).reverse());
        for (const t of targets) {
          const first = model.findIndex((e) => compareEntries(e.key, e.seq, t.key, t.seq) >= 0);
          expect(block.search(t.key, t.seq)).toBe(first < 0 ? model.length : first);
          it.seek(t.key, t.seq);
          expect(it.valid() ? it.index : model.length).toBe(first < 0 ? model.length : first);
          const last = model.filter((e) => compareEntries(e.key, e.seq, t.key, t.seq) <= 0).length - 1;
          it.seekForPrev(t.key, t.seq);
          expect(it.valid() ? it.index : -1).toBe(last);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rejects contents that break the grammar with CORRUPTION naming file and offset', () => {
    const good = build([
      { key: utf8.encode('k1'), seq: 5, kind: KIND_VALUE, value: utf8.encode('v1') },
      { key: utf8.encode('k2'), seq: 4, kind: KIND_VALUE, value: utf8.encode('v2') },
    ]);
    const cases: Uint8Array[] = [new Uint8Array(3), good.subarray(1)];
    const badCount = good.slice();
    badCount[badCount.length - 4] = 200;
    const badOffset = good.slice();
    badOffset[badOffset.length - 8] = 3;
    const badKind = good.slice();
    badKind[0] = 7;
    const badKeyLength = good.slice();
    badKeyLength[9] = 100;
    cases.push(badCount, badOffset, badKind, badKeyLength);
    for (const contents of cases) {
      expect(() => new Block(contents, 'dir/000042.sst', 1234)).toThrowError(/dir\/000042\.sst @ 1234/);
      try {
        new Block(contents, 'dir/000042.sst', 1234);
      } catch (error) {
        expect(error).toBeInstanceOf(LsmError);
        expect((error as LsmError).code).toBe('CORRUPTION');
      }
    }
  });

  it('an empty block is valid and has no entries', () => {
    const block = new Block(build([]), 'e.sst', 0);
    expect(block.count).toBe(0);
    const it = block.iterator();
    it.seekToFirst();
    expect(it.valid()).toBe(false);
    it.seekForPrev(utf8.encode('z'), MAX_SEQ);
    expect(it.valid()).toBe(false);
  });

  it('the builder reuses its buffer across reset', () => {
    const builder = new BlockBuilder();
    builder.add(utf8.encode('a'), 1, KIND_VALUE, new Uint8Array(10_000));
    expect(builder.estimatedBytes).toBe(9 + 1 + 2 + 1 + 10_000 + 4 + 4);
    builder.finish();
    builder.reset();
    expect(builder.count).toBe(0);
    builder.add(utf8.encode('b'), 2, KIND_VALUE, utf8.encode('y'));
    const block = new Block(builder.finish(), 'r.sst', 0);
    expect(block.count).toBe(1);
    expect(block.keyAt(0)).toEqual(utf8.encode('b'));
  });
});

describe('block trailer and compression', () => {
  it('stores codec 0 with crc32c over stored ‖ codec (hex fixture)', () => {
    const encoded = encodeBlock(utf8.encode('123456789'), 'none');
    // stored '123456789', codec 00, crc32c('123456789' ‖ 0x00) = 0xc3389d4f as u32le.
    expect(toHex(encoded)).toBe('313233343536373839' + '00' + '4f9d38c3');
    expect(decodeBlock(encoded, 'f', 0)).toEqual(utf8.encode('123456789'));
  });

  it('compresses compressible contents with LZ4 and keeps the length prefix', () => {
    const contents = utf8.encode('hello world, '.repeat(300));
    const encoded = encodeBlock(contents, 'lz4');
    expect(encoded[encoded.length - 5]).toBe(CODEC_LZ4);
    expect(encoded.length).toBeLessThan(contents.length / 4);
    // stored := rawLength:u32le lz4Block
    expect(toHex(encoded.subarray(0, 4))).toBe('3c0f0000');
    expect(decodeBlock(encoded, 'f', 0)).toEqual(contents);
  });

  it('emits the documented LZ4 layout (hex fixture)', () => {
    // rawLength 64 | token 0x4f (4 literals, match 15+) 'abcd' offset 0x0004 extension 0x23
    // (match 4+15+35 = 54) | token 0x60 (6 literals) 'cdabcd' | codec 01 | crc32c u32le
    const encoded = encodeBlock(utf8.encode('abcd'.repeat(16)), 'lz4');
    expect(toHex(encoded)).toBe('40000000' + '4f' + '61626364' + '0400' + '23' + '60' + '636461626364' + '01' + 'c3e9e1b6');
  });

  it('stores incompressible contents raw (12.5 % rule)', () => {
    let x = 12345;
    const contents = new Uint8Array(4096).map(() => ((x = (x * 1103515245 + 12345) >>> 0), x >>> 24));
    const encoded = encodeBlock(contents, 'lz4');
    expect(encoded[encoded.length - 5]).toBe(CODEC_NONE);
    expect(encoded.length).toBe(contents.length + 5);
    expect(decodeBlock(encoded, 'f', 0)).toEqual(contents);
  });

  it('detects damage: any flipped bit, an unknown codec, a wrong LZ4 length prefix', () => {
    const encoded = encodeBlock(utf8.encode('abcabcabcabc'.repeat(20)), 'lz4');
    for (let at = 0; at < encoded.length; at++) {
      for (let bit = 0; bit < 8; bit++) {
        const damaged = encoded.slice();
        damaged[at]! ^= 1 << bit;
        expect(() => decodeBlock(damaged, 'x.sst', 77)).toThrowError(/x\.sst @ 77/);
      }
    }
    expect(() => decodeBlock(new Uint8Array(4), 'x.sst', 9)).toThrowError(/x\.sst @ 9/);
  });
});
