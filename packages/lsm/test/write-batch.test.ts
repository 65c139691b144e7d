// Write batches (FORMAT.md "Write batch"): the worked byte example, round trips of arbitrary
// batches, and CORRUPTION — never a wrong batch — for every truncation, trailing byte or
// unknown op kind.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KIND_DELETE, KIND_VALUE } from '../src/entry.js';
import { LsmError } from '../src/errors.js';
import { decodeWriteBatch, encodeWriteBatch, writeBatchBytes } from '../src/write-batch.js';
import type { BatchOp } from '../src/write-batch.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join(' ');
const utf8 = (s: string) => new TextEncoder().encode(s);
const EMPTY = new Uint8Array(0);

const opArb: fc.Arbitrary<BatchOp> = fc.oneof(
  fc.record({ kind: fc.constant(KIND_VALUE), key: fc.uint8Array({ minLength: 1, maxLength: 40 }), value: fc.uint8Array({ maxLength: 300 }) }),
  fc.record({ kind: fc.constant(KIND_DELETE), key: fc.uint8Array({ minLength: 1, maxLength: 40 }), value: fc.constant(EMPTY) }),
);
const batchArb = fc.record({ firstSeq: fc.integer({ min: 0, max: 2 ** 48 }), ops: fc.array(opArb, { maxLength: 12 }) });

function corruptionOf(run: () => unknown): LsmError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(LsmError);
    expect((error as LsmError).code).toBe('CORRUPTION');
    return error as LsmError;
  }
  throw new Error('expected CORRUPTION');
}

describe('write batch', () => {
  it('matches the worked example in FORMAT.md', () => {
    const ops: BatchOp[] = [
      { kind: KIND_VALUE, key: utf8('a'), value: utf8('b') },
      { kind: KIND_DELETE, key: utf8('c'), value: EMPTY },
    ];
    const encoded = encodeWriteBatch(5, ops);
    // firstSeq=5 (u64le), count=2, put "a"="b", delete "c".
    expect(hex(encoded)).toBe('05 00 00 00 00 00 00 00 02 01 01 61 01 62 00 01 63');
    expect(decodeWriteBatch(encoded, 'LOG', 0)).toEqual({ firstSeq: 5, ops });
  });

  it('round-trips any batch, with writeBatchBytes its exact size', () => {
    fc.assert(
      fc.property(batchArb, ({ firstSeq, ops }) => {
        const encoded = encodeWriteBatch(firstSeq, ops);
        expect(encoded.length).toBe(writeBatchBytes(ops));
        expect(decodeWriteBatch(encoded, 'LOG', 0)).toEqual({ firstSeq, ops });
      }),
      { seed: 2, numRuns: 300 },
    );
  });

  it('rejects every truncation of a batch as CORRUPTION', () => {
    fc.assert(
      fc.property(batchArb, ({ firstSeq, ops }) => {
        const encoded = encodeWriteBatch(firstSeq, ops);
        for (let cut = 0; cut < encoded.length; cut++) corruptionOf(() => decodeWriteBatch(encoded.subarray(0, cut), 'LOG', 100));
      }),
      { seed: 3, numRuns: 100 },
    );
  });

  it('rejects trailing bytes, unknown kinds and impossible counts, naming file and offset', () => {
    const encoded = encodeWriteBatch(1, [{ kind: KIND_VALUE, key: utf8('k'), value: utf8('v') }]);
    const trailing = new Uint8Array(encoded.length + 1);
    trailing.set(encoded);
    expect(corruptionOf(() => decodeWriteBatch(trailing, '000003.log', 40)).message).toBe(
      `000003.log @ ${40 + encoded.length}: write batch: 1 trailing bytes`,
    );
    const badKind = encoded.slice();
    badKind[9] = 2;
    expect(corruptionOf(() => decodeWriteBatch(badKind, '000003.log', 40)).message).toBe(
      '000003.log @ 49: write batch: unknown op kind 2',
    );
    const hugeCount = encoded.slice();
    hugeCount[8] = 0x7f;
    corruptionOf(() => decodeWriteBatch(hugeCount, 'LOG', 0));
  });

  it('decodes an empty batch', () => {
    expect(decodeWriteBatch(encodeWriteBatch(9, []), 'LOG', 0)).toEqual({ firstSeq: 9, ops: [] });
  });
});
