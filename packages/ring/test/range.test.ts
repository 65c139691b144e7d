import { describe, expect, test } from 'vitest';
import { keySpaceFraction, rangeContains, rangeSize, ringPositionsCount } from '../src/index';

const max = 2 ** 32 - 1;

describe('Range: start < p ≤ end, clockwise', () => {
  test('plain range', () => {
    const range = { start: 10, end: 20 };
    expect([10, 11, 20, 21].map((p) => rangeContains(range, p))).toEqual([false, true, true, false]);
    expect(rangeSize(range)).toBe(10);
  });

  test('wrapping range (end ≤ start)', () => {
    const range = { start: max - 1, end: 5 };
    expect([max - 1, max, 0, 5, 6].map((p) => rangeContains(range, p))).toEqual([false, true, true, true, false]);
    expect(rangeSize(range)).toBe(7);
    expect(rangeSize({ start: 7, end: 6 })).toBe(ringPositionsCount - 1);
  });

  test('start === end is the full circle', () => {
    const range = { start: 123, end: 123 };
    expect([0, 123, 124, max].every((p) => rangeContains(range, p))).toBe(true);
    expect(rangeSize(range)).toBe(ringPositionsCount);
    expect(keySpaceFraction([range])).toBe(1);
  });

  test('keySpaceFraction sums sizes', () => {
    expect(keySpaceFraction([])).toBe(0);
    expect(keySpaceFraction([{ start: 0, end: 2 ** 30 }, { start: max, end: 2 ** 30 - 1 }])).toBe(0.5);
  });
});
