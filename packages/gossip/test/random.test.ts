// The Random seam's helpers (random.ts): draws in range, distinct samples.
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { randomBelow, sampleDistinct } from '../src/random.js';
import { random } from './support/records.js';

test('randomBelow stays in [0, bound), including at the extremes of nextU32', () => {
  expect(randomBelow({ nextU32: () => 0 }, 7)).toBe(0);
  expect(randomBelow({ nextU32: () => 0xffff_ffff }, 7)).toBe(6);
  const r = random(3);
  for (let i = 0; i < 1000; i++) expect(randomBelow(r, 3)).toBeLessThan(3);
});

test('sampleDistinct returns min(count, n) distinct items of the input and leaves the input alone', () => {
  const r = random(4);
  fc.assert(
    fc.property(fc.uniqueArray(fc.integer(), { maxLength: 30 }), fc.integer({ min: 0, max: 40 }), (items, count) => {
      const copy = [...items];
      const sample = sampleDistinct(items, count, r);
      expect(sample).toHaveLength(Math.min(count, items.length));
      expect(new Set(sample).size).toBe(sample.length);
      for (const item of sample) expect(items).toContain(item);
      expect(items).toEqual(copy);
    }),
  );
});
