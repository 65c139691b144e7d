// Vector clocks (Dynamo §4.4): increment, compare, descends, merge — examples, lattice laws
// as fast-check properties, and an independent oracle (the `vectorclock` package).
import fc from 'fast-check';
import vectorclock from 'vectorclock';
import { describe, expect, it } from 'vitest';
import type { Clock, ClockEntry } from '../src/index';
import { clockEquals, clockFrom, compare, counterOf, covers, descends, emptyClock, increment, merge, VclockError } from '../src/index';
import { VclockAssertionError } from '../src/index';

const entryArb = fc.record({
  actor: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
  counter: fc.integer({ min: 1, max: 4 }),
  timestampMs: fc.integer({ min: 0, max: 3 }),
});
const clockArb: fc.Arbitrary<Clock> = fc.uniqueArray(entryArb, { selector: (e) => e.actor, maxLength: 5 }).map(clockFrom);

const flip = { before: 'after', after: 'before', equal: 'equal', concurrent: 'concurrent' } as const;
const plain = (clock: Clock): Record<string, number> => Object.fromEntries(clock.map((e) => [e.actor, e.counter]));

describe('examples', () => {
  it('increment adds or advances an entry, stamped nowMs, keeping actors sorted', () => {
    const one = increment(emptyClock, 'b', 10);
    const two = increment(increment(one, 'a', 20), 'b', 30);
    expect(two).toEqual([
      { actor: 'a', counter: 1, timestampMs: 20 },
      { actor: 'b', counter: 2, timestampMs: 30 },
    ]);
    expect(one).toEqual([{ actor: 'b', counter: 1, timestampMs: 10 }]); // inputs are never mutated
    expect(counterOf(two, 'b')).toBe(2);
    expect(counterOf(two, 'z')).toBe(0);
    expect(covers(two, { actor: 'b', counter: 2 })).toBe(true);
    expect(covers(two, { actor: 'b', counter: 3 })).toBe(false);
  });

  it('compare names all four relations', () => {
    const a = clockFrom([{ actor: 'a', counter: 1, timestampMs: 0 }]);
    const ab = increment(a, 'b', 0);
    const ac = increment(a, 'c', 0);
    expect(compare(a, ab)).toBe('before');
    expect(compare(ab, a)).toBe('after');
    expect(compare(ab, ab)).toBe('equal');
    expect(compare(ab, ac)).toBe('concurrent');
    expect(compare(emptyClock, emptyClock)).toBe('equal');
  });

  it('merge takes the larger counter with its timestamp, and the later timestamp on a tie', () => {
    const a = clockFrom([
      { actor: 'a', counter: 2, timestampMs: 5 },
      { actor: 'b', counter: 1, timestampMs: 9 },
    ]);
    const b = clockFrom([
      { actor: 'a', counter: 1, timestampMs: 7 },
      { actor: 'b', counter: 1, timestampMs: 3 },
      { actor: 'c', counter: 4, timestampMs: 1 },
    ]);
    expect(merge(a, b)).toEqual([
      { actor: 'a', counter: 2, timestampMs: 5 },
      { actor: 'b', counter: 1, timestampMs: 9 },
      { actor: 'c', counter: 4, timestampMs: 1 },
    ]);
  });

  it('clockFrom sorts and rejects invalid entries with VclockError', () => {
    expect(clockFrom([{ actor: 'b', counter: 1, timestampMs: 0 }, { actor: 'a', counter: 1, timestampMs: 0 }]).map((e) => e.actor)).toEqual(['a', 'b']);
    const bad: ClockEntry[][] = [
      [{ actor: 'a', counter: 1, timestampMs: 0 }, { actor: 'a', counter: 2, timestampMs: 0 }],
      [{ actor: 'a', counter: 0, timestampMs: 0 }],
      [{ actor: 'a', counter: 1.5, timestampMs: 0 }],
      [{ actor: '', counter: 1, timestampMs: 0 }],
      [{ actor: '\ud800', counter: 1, timestampMs: 0 }],
      [{ actor: 'x'.repeat(257), counter: 1, timestampMs: 0 }],
      [{ actor: 'a', counter: 1, timestampMs: -1 }],
    ];
    for (const entries of bad) expect(() => clockFrom(entries)).toThrow(VclockError);
  });

  it('increment asserts on a bad actor, a bad nowMs or a counter overflow', () => {
    expect(() => increment(emptyClock, '', 0)).toThrow(VclockAssertionError);
    expect(() => increment(emptyClock, 'a', Number.NaN)).toThrow(VclockAssertionError);
    const top = clockFrom([{ actor: 'a', counter: Number.MAX_SAFE_INTEGER, timestampMs: 0 }]);
    expect(() => increment(top, 'a', 0)).toThrow(VclockAssertionError);
  });
});

describe('properties', () => {
  it('merge is commutative, associative and idempotent (timestamps included)', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        expect(merge(a, b)).toEqual(merge(b, a));
        expect(merge(merge(a, b), c)).toEqual(merge(a, merge(b, c)));
        expect(merge(a, a)).toEqual(a);
      }),
      { numRuns: 500 },
    );
  });

  it('merge is the least upper bound', () => {
    fc.assert(
      fc.property(clockArb, clockArb, clockArb, (a, b, c) => {
        const m = merge(a, b);
        expect(descends(m, a) && descends(m, b)).toBe(true);
        if (descends(c, a) && descends(c, b)) expect(descends(c, m)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('compare agrees with descends, is antisymmetric, and equal means equal counters', () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const ab = descends(a, b);
        const ba = descends(b, a);
        const expected = ab && ba ? 'equal' : ab ? 'after' : ba ? 'before' : 'concurrent';
        expect(compare(a, b)).toBe(expected);
        expect(compare(b, a)).toBe(flip[compare(a, b)]);
        expect(compare(a, b) === 'equal').toBe(clockEquals(a, b));
      }),
      { numRuns: 1000 },
    );
  });

  it('increment moves strictly after; covers agrees with counterOf', () => {
    fc.assert(
      fc.property(clockArb, fc.constantFrom('a', 'c', 'f'), (a, actor) => {
        const next = increment(a, actor, 1);
        expect(compare(next, a)).toBe('after');
        expect(covers(next, { actor, counter: counterOf(a, actor) + 1 })).toBe(true);
        expect(covers(a, { actor, counter: counterOf(a, actor) + 1 })).toBe(false);
      }),
    );
  });

  it('agrees with the vectorclock package on compare and merge', () => {
    fc.assert(
      fc.property(clockArb, clockArb, (a, b) => {
        const theirs = vectorclock.compare(plain(a), plain(b));
        const ours = compare(a, b);
        const mapped = ours === 'before' ? -1 : ours === 'after' ? 1 : 0;
        expect(mapped).toBe(theirs);
        expect(plain(merge(a, b))).toEqual(vectorclock.merge(plain(a), plain(b)));
      }),
      { numRuns: 500 },
    );
  });
});
