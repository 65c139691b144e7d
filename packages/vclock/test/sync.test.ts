// Sync, the join of two replicas' sets (Almeida et al. causal-context join; Riak dvvset:sync):
// lattice laws and "never drops a value that is not dominated", over sets reachable by random
// histories of writes, reads, syncs and pruning.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Sibling, SiblingSet } from '../src/index';
import { covers, descendsSet, emptyClock, emptySet, liveValues, setEquals, sync, syncAll, write } from '../src/index';
import { siblingSetProblem } from '../src/sibling-set';
import { setsFromHistory } from './support/history';

const has = (set: SiblingSet<string>, s: Sibling<string>): boolean =>
  set.siblings.some((t) => t.dot.actor === s.dot.actor && t.dot.counter === s.dot.counter);

describe('sync examples', () => {
  it('keeps concurrent writes from both sides and drops what the other side superseded', () => {
    const a1 = write(emptySet<string>(), { context: emptyClock, actor: 'a', nowMs: 1, value: 'x' });
    const b1 = sync(emptySet<string>(), a1);
    const a2 = write(a1, { context: a1.context, actor: 'a', nowMs: 2, value: 'x2' }); // supersedes x
    const b2 = write(b1, { context: emptyClock, actor: 'b', nowMs: 3, value: 'y' }); // concurrent with all
    expect(liveValues(sync(a2, b2))).toEqual(['x2', 'y']);
    expect(liveValues(sync(b2, a2))).toEqual(['x2', 'y']);
    expect(syncAll([a1, a2, b2])).toEqual(sync(sync(a1, a2), b2));
    expect(syncAll<string>([])).toEqual(emptySet());
  });

  it('descendsSet finds the stale replica', () => {
    const a = write(emptySet<string>(), { context: emptyClock, actor: 'a', nowMs: 1, value: 'x' });
    const merged = sync(a, write(emptySet<string>(), { context: emptyClock, actor: 'b', nowMs: 1, value: 'y' }));
    expect(descendsSet(merged, a)).toBe(true);
    expect(descendsSet(a, merged)).toBe(false);
  });
});

describe('sync properties over reachable sets', () => {
  const runs = { numRuns: 300 };
  const options = { withPrune: true };

  it('is commutative', () => {
    fc.assert(
      fc.property(setsFromHistory(2, options), ({ sets: [a, b] }) => {
        expect(sync(a!, b!)).toEqual(sync(b!, a!));
      }),
      runs,
    );
  });

  it('is associative', () => {
    fc.assert(
      fc.property(setsFromHistory(3, options), ({ sets: [a, b, c] }) => {
        expect(sync(sync(a!, b!), c!)).toEqual(sync(a!, sync(b!, c!)));
      }),
      runs,
    );
  });

  it('is idempotent, and absorbs: sync(a, sync(a, b)) = sync(a, b)', () => {
    fc.assert(
      fc.property(setsFromHistory(2, options), ({ sets: [a, b] }) => {
        expect(sync(a!, a!)).toEqual(a);
        expect(sync({ ...a! }, a!)).toEqual(a); // not just the identity shortcut
        const ab = sync(a!, b!);
        expect(sync(a!, ab)).toEqual(ab);
      }),
      runs,
    );
  });

  it('never drops a value that is not dominated, and keeps the invariants', () => {
    fc.assert(
      fc.property(setsFromHistory(2, options), ({ sets: [a, b] }) => {
        const joined = sync(a!, b!);
        for (const [self, other] of [[a!, b!], [b!, a!]] as const) {
          for (const s of self.siblings) {
            const dominated = covers(other.context, s.dot) && !has(other, s);
            expect(has(joined, s)).toBe(!dominated);
          }
        }
        for (const s of joined.siblings) expect(has(a!, s) || has(b!, s)).toBe(true);
        expect(siblingSetProblem(joined)).toBeUndefined();
      }),
      runs,
    );
  });

  it('descendsSet(a, b) holds exactly when sync(a, b) equals a', () => {
    fc.assert(
      fc.property(setsFromHistory(2, options), ({ sets: [a, b] }) => {
        expect(descendsSet(a!, b!)).toBe(setEquals(sync(a!, b!), a!));
        expect(descendsSet(sync(a!, b!), a!)).toBe(true);
      }),
      runs,
    );
  });

  it('replicas that exchange sets in any order converge', () => {
    fc.assert(
      fc.property(setsFromHistory(1), ({ history }) => {
        const all = history.replicas;
        const forward = syncAll(all);
        const backward = syncAll([...all].reverse());
        expect(setEquals(forward, backward)).toBe(true);
        for (const replica of all) expect(setEquals(sync(replica, forward), forward)).toBe(true);
      }),
      runs,
    );
  });
});
