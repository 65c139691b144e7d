// The token table: tokens sorted by (position, member id, i); lookups find the first token
// at or after a position, wrapping to token 0 (the arc around 2^32).
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { RingMember } from '../src/member';
import { buildTokenTable, tokenIndexAt, tokenPosition } from '../src/token-table';
import { positionArb } from './support/arbitraries';

function members(count: number, tokens: number): RingMember[] {
  return Array.from({ length: count }, (_, i) => ({ id: `m${String(i).padStart(3, '0')}`, weight: 1, tokenCount: tokens }));
}

describe('buildTokenTable', () => {
  test('sorts by (position, member id, token index) and records owners', () => {
    const list = members(30, 200);
    const table = buildTokenTable(list);
    const expected = list
      .flatMap((m, owner) => Array.from({ length: m.tokenCount }, (_, i) => ({ position: tokenPosition(m.id, i), owner, i })))
      .sort((a, b) => a.position - b.position || a.owner - b.owner || a.i - b.i);
    expect(Array.from(table.positions)).toEqual(expected.map((t) => t.position));
    expect(Array.from(table.owners)).toEqual(expected.map((t) => t.owner));
  });

  test('the bucket index is consistent', () => {
    for (const tokens of [1, 2, 3, 100, 5000]) {
      const table = buildTokenTable(members(3, tokens));
      const bucketSize = 2 ** table.bucketShift;
      const { bucketStart, positions } = table;
      expect(bucketStart[bucketStart.length - 1]).toBe(positions.length);
      for (let b = 0; b + 1 < bucketStart.length; b++) {
        for (let t = bucketStart[b]!; t < bucketStart[b + 1]!; t++) {
          expect(Math.floor(positions[t]! / bucketSize)).toBe(b);
        }
      }
    }
  });
});

describe('tokenIndexAt', () => {
  const tables = [1, 2, 7, 300, 20_000].map((tokens) => buildTokenTable(members(2, tokens)));

  function linear(positions: Uint32Array, position: number): number {
    const index = positions.findIndex((p) => p >= position);
    return index === -1 ? 0 : index;
  }

  test('equals a linear scan for random positions and around every token', () => {
    fc.assert(
      fc.property(positionArb, (position) => {
        for (const table of tables) expect(tokenIndexAt(table, position)).toBe(linear(table.positions, position));
      }),
      { numRuns: 300 },
    );
    for (const table of tables.slice(0, 4)) {
      for (const p of table.positions) {
        for (const position of [p, Math.max(0, p - 1), Math.min(2 ** 32 - 1, p + 1)]) {
          expect(tokenIndexAt(table, position)).toBe(linear(table.positions, position));
        }
      }
      expect(tokenIndexAt(table, 0)).toBe(linear(table.positions, 0));
      expect(tokenIndexAt(table, 2 ** 32 - 1)).toBe(linear(table.positions, 2 ** 32 - 1));
    }
  });
});
