// Pruning (Riak small/big/young/old vclock): oldest first, the count returned, young and
// protected entries kept, and a sibling set never loses an actor its siblings reference.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Clock } from '../src/index';
import { clockFrom, contextOf, emptyClock, emptySet, liveValues, pruneClock, pruneDefaults, pruneSet, sync, write } from '../src/index';
import { siblingSetProblem } from '../src/sibling-set';
import { setsFromHistory } from './support/history';

/** Actors a..j, actor i last advanced at i seconds. */
const tenActors: Clock = clockFrom(
  Array.from({ length: 10 }, (_, i) => ({ actor: String.fromCharCode(97 + i), counter: 1, timestampMs: i * 1000 })),
);
const actors = (clock: Clock) => clock.map((e) => e.actor).join('');

describe('pruneClock', () => {
  it('removes oldest first until entriesMax, and returns how many', () => {
    const { clock, pruned } = pruneClock(tenActors, { entriesMax: 7, nowMs: 100_000, youngMs: 0 });
    expect(actors(clock)).toBe('defghij');
    expect(pruned).toBe(3);
  });

  it('never removes entries younger than youngMs, even over entriesMax', () => {
    const { clock, pruned } = pruneClock(tenActors, { entriesMax: 2, nowMs: 10_000, youngMs: 6_500 });
    expect(actors(clock)).toBe('efghij'); // e..j advanced less than 6.5 s before now
    expect(pruned).toBe(4);
  });

  it('never removes entries that keep protects; takes the next oldest instead', () => {
    const { clock, pruned } = pruneClock(tenActors, { entriesMax: 8, nowMs: 100_000, youngMs: 0, keep: (a) => a === 'a' });
    expect(actors(clock)).toBe('adefghij');
    expect(pruned).toBe(2);
  });

  it('between entriesSoftMax and entriesMax prunes only entries older than oldMs (Riak small/big/old)', () => {
    const { clock, pruned } = pruneClock(tenActors, { entriesSoftMax: 4, entriesMax: 20, oldMs: 97_500, nowMs: 100_000, youngMs: 0 });
    expect(actors(clock)).toBe('defghij'); // a, b, c are older than 97.5 s; d is not
    expect(pruned).toBe(3);
  });

  it('leaves a short clock alone and returns the same object', () => {
    const result = pruneClock(tenActors, { nowMs: 1e12 });
    expect(result.clock).toBe(tenActors);
    expect(result.pruned).toBe(0);
    expect(pruneDefaults).toEqual({ entriesMax: 50, entriesSoftMax: 50, youngMs: 20_000, oldMs: 86_400_000 });
  });

  it('property: result is the input minus the oldest unprotected entries, never young or kept ones', () => {
    const clockArb = fc
      .uniqueArray(fc.record({ actor: fc.string({ minLength: 1, maxLength: 3 }), counter: fc.integer({ min: 1, max: 9 }), timestampMs: fc.nat(100) }), {
        selector: (e) => e.actor,
        maxLength: 30,
      })
      .map(clockFrom);
    fc.assert(
      fc.property(clockArb, fc.nat(30), fc.nat(100), fc.nat(50), fc.func(fc.boolean()), (clock, entriesMax, nowMs, youngMs, keepFn) => {
        const keep = (actor: string) => keepFn(actor);
        const { clock: out, pruned } = pruneClock(clock, { entriesMax, nowMs, youngMs, keep });
        expect(pruned).toBe(clock.length - out.length);
        expect(out.length >= entriesMax || pruned === 0 || out.length === entriesMax).toBe(true);
        const kept = new Set(out.map((e) => e.actor));
        const removed = clock.filter((e) => !kept.has(e.actor));
        for (const e of removed) {
          expect(keep(e.actor)).toBe(false);
          expect(nowMs - e.timestampMs).toBeGreaterThanOrEqual(youngMs);
          // every unprotected survivor is at least as young as every removed entry
          for (const s of out) if (!keep(s.actor)) expect(s.timestampMs).toBeGreaterThanOrEqual(e.timestampMs);
        }
        if (out.length > entriesMax) {
          for (const s of out) expect(keep(s.actor) || nowMs - s.timestampMs < youngMs).toBe(true);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('pruneSet', () => {
  it('never prunes an actor a sibling references (tombstones too)', () => {
    let set = emptySet<string>();
    set = write(set, { context: emptyClock, actor: 'old-writer', nowMs: 0, value: 'x' });
    set = write(set, { context: emptyClock, actor: 'old-deleter', nowMs: 1, tombstone: true });
    for (let i = 0; i < 5; i++) set = write(set, { context: contextOf(set), actor: `w${i}`, nowMs: 2 + i, value: `v${i}` });
    // now: 2 tombstone/value siblings were superseded by w0; only w4's value is live
    const { set: pruned, pruned: count } = pruneSet(set, { entriesMax: 1, nowMs: 1e9, youngMs: 0 });
    expect(pruned.context.map((e) => e.actor)).toEqual(['w4']);
    expect(count).toBe(6);
    const concurrent = write(set, { context: emptyClock, actor: 'old-writer', nowMs: 10, value: 'y' });
    const kept = pruneSet(concurrent, { entriesMax: 0, nowMs: 1e9, youngMs: 0 });
    expect(kept.set.context.map((e) => e.actor)).toEqual(['old-writer', 'w4']);
    expect(siblingSetProblem(kept.set)).toBeUndefined();
  });

  it('property: a pruned reachable set keeps its invariants and its siblings', () => {
    fc.assert(
      fc.property(setsFromHistory(1), fc.nat(4), ({ sets: [set] }, entriesMax) => {
        const { set: out, pruned } = pruneSet(set!, { entriesMax, nowMs: 1e9, youngMs: 0 });
        expect(siblingSetProblem(out)).toBeUndefined();
        expect(out.siblings).toBe(set!.siblings);
        expect(pruned).toBe(set!.context.length - out.context.length);
      }),
      { numRuns: 300 },
    );
  });

  it('what pruning costs: a superseded value can come back as a false sibling (the safe direction)', () => {
    const stale = write(emptySet<string>(), { context: emptyClock, actor: 'a', nowMs: 0, value: 'old' });
    const fresh = write(stale, { context: contextOf(stale), actor: 'b', nowMs: 1, value: 'new' });
    expect(liveValues(sync(fresh, stale))).toEqual(['new']);
    const pruned = pruneSet(fresh, { entriesMax: 1, nowMs: 1e9, youngMs: 0 }).set; // forgets a:1
    expect(liveValues(sync(pruned, stale))).toEqual(['old', 'new']);
  });

  it("write takes max(set, client context) so a pruned actor's counters are not reused", () => {
    let a = write(emptySet<string>(), { context: emptyClock, actor: 'a', nowMs: 0, value: 'v1' });
    a = write(a, { context: contextOf(a), actor: 'a', nowMs: 1, value: 'v2' }); // dot (a, 2)
    const b = write(a, { context: contextOf(a), actor: 'b', nowMs: 2, value: 'v3' });
    const reader = contextOf(b); // covers (a, 2)
    const forgetful = pruneSet(b, { entriesMax: 1, nowMs: 1e9, youngMs: 0 }).set; // a's entry pruned
    expect(forgetful.context.map((e) => e.actor)).toEqual(['b']);
    const next = write(forgetful, { context: reader, actor: 'a', nowMs: 3, value: 'v4' });
    expect(next.siblings.map((s) => s.dot)).toEqual([{ actor: 'a', counter: 3 }]);
  });
});
