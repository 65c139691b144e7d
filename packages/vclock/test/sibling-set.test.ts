// Sibling sets (DVV sets, Preguiça et al.; Riak 2.0 dvvset): what a write supersedes, as
// examples and as fast-check properties over sets reachable by random histories.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SiblingSet } from '../src/index';
import { contextOf, counterOf, covers, emptyClock, emptySet, isDeleted, liveValues, siblingCount, sync, write, VclockAssertionError } from '../src/index';
import { siblingSetProblem } from '../src/sibling-set';
import { setsFromHistory } from './support/history';

const put = (set: SiblingSet<string>, actor: string, value: string, context = emptyClock, nowMs = 1) =>
  write(set, { context, actor, nowMs, value });

describe('write', () => {
  it('a write with no context becomes a sibling, never a silent overwrite', () => {
    const one = put(emptySet(), 'a', 'x');
    const two = put(one, 'a', 'y');
    expect(liveValues(two)).toEqual(['x', 'y']);
    expect(two.siblings.map((s) => s.dot)).toEqual([
      { actor: 'a', counter: 1 },
      { actor: 'a', counter: 2 },
    ]);
  });

  it('a write with the context read supersedes exactly what was read', () => {
    const one = put(emptySet(), 'a', 'x');
    const read = contextOf(one);
    const concurrent = put(one, 'a', 'y'); // someone else, blind, after the read
    const next = put(concurrent, 'a', 'z', read);
    expect(liveValues(next)).toEqual(['y', 'z']); // x superseded; y was not seen, so it stays
  });

  it('the new dot is max(set, client context) + 1 and the context merges both', () => {
    const local = put(emptySet(), 'a', 'x');
    const client = [{ actor: 'a', counter: 5, timestampMs: 0 }, { actor: 'b', counter: 2, timestampMs: 0 }];
    const next = write(local, { context: client, actor: 'a', nowMs: 50, value: 'y' });
    expect(next.siblings).toEqual([{ dot: { actor: 'a', counter: 6 }, timestampMs: 50, tombstone: false, value: 'y' }]);
    // entries the client advanced are stamped nowMs (tokens carry no timestamps)
    expect(next.context).toEqual([
      { actor: 'a', counter: 6, timestampMs: 50 },
      { actor: 'b', counter: 2, timestampMs: 50 },
    ]);
  });

  it('a tombstone is a sibling like any other; isDeleted only when every sibling is one', () => {
    const one = put(emptySet(), 'a', 'x');
    const deleted = write(one, { context: contextOf(one), actor: 'a', nowMs: 2, tombstone: true });
    expect(isDeleted(deleted)).toBe(true);
    expect(siblingCount(deleted)).toBe(1);
    const revived = put(deleted, 'b', 'y'); // a concurrent blind write survives the delete
    expect(isDeleted(revived)).toBe(false);
    expect(liveValues(revived)).toEqual(['y']);
    expect(isDeleted(emptySet())).toBe(true);
  });

  it('asserts on a bad actor or nowMs', () => {
    expect(() => put(emptySet(), '', 'x')).toThrow(VclockAssertionError);
    expect(() => write(emptySet<string>(), { context: emptyClock, actor: 'a', nowMs: -1, value: 'x' })).toThrow(VclockAssertionError);
  });
});

describe('actor uniqueness (Riak kv679)', () => {
  // DESIGN.md §4: reusing an actor's counters silently loses writes. This shows the loss, then
  // that a fresh generation (a new actor id) does not lose anything.
  it('an actor that restarts empty under its old id loses its next write; a new generation does not', () => {
    let a = put(emptySet(), 'node-a#1', 'v1', emptyClock, 1);
    a = put(a, 'node-a#1', 'v2', contextOf(a), 2);
    a = put(a, 'node-a#1', 'v3', contextOf(a), 3); // dot (node-a#1, 3)
    const b = sync(emptySet<string>(), a); // replica b has context node-a#1: 3

    const reborn = put(emptySet(), 'node-a#1', 'lost', emptyClock, 4); // dot (node-a#1, 1) again
    expect(liveValues(sync(b, reborn))).toEqual(['v3']); // 'lost' looks already superseded

    const nextGeneration = put(emptySet(), 'node-a#2', 'kept', emptyClock, 4);
    expect(liveValues(sync(b, nextGeneration))).toEqual(['v3', 'kept']);
  });

  it('sync asserts when one dot names two different writes', () => {
    const first = put(emptySet(), 'node-a#1', 'x', emptyClock, 1);
    const reused = put(emptySet(), 'node-a#1', 'y', emptyClock, 2);
    expect(() => sync(first, reused)).toThrow(VclockAssertionError);
  });
});

describe('properties over reachable sets', () => {
  it('a context-carrying write removes exactly the siblings its context covers, and adds one', () => {
    fc.assert(
      fc.property(setsFromHistory(2), fc.boolean(), ({ picks }, tombstone) => {
        const [local, read] = picks as [(typeof picks)[0], (typeof picks)[0]];
        const context = contextOf(read.set);
        const base = { context, actor: local.owner, nowMs: 1e9 };
        const next = tombstone ? write(local.set, { ...base, tombstone: true }) : write(local.set, { ...base, value: 'new' });
        const counter = Math.max(counterOf(local.set.context, local.owner), counterOf(context, local.owner)) + 1;
        const kept = local.set.siblings.filter((s) => !covers(context, s.dot));
        expect(next.siblings.filter((s) => !(s.dot.actor === local.owner && s.dot.counter === counter))).toEqual(kept);
        expect(next.siblings.length).toBe(kept.length + 1);
        expect(siblingSetProblem(next)).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it('a write without context removes nothing', () => {
    fc.assert(
      fc.property(setsFromHistory(1), ({ picks }) => {
        const local = picks[0] as (typeof picks)[0];
        const next = write(local.set, { context: emptyClock, actor: local.owner, nowMs: 1e9, value: 'blind' });
        expect(next.siblings.length).toBe(local.set.siblings.length + 1);
        for (const sibling of local.set.siblings) expect(next.siblings).toContainEqual(sibling);
      }),
      { numRuns: 300 },
    );
  });

  it('every reachable set keeps its invariants (sorted dots, all covered by the context)', () => {
    fc.assert(
      fc.property(setsFromHistory(1, { withPrune: true }), ({ history }) => {
        for (const { set } of history.snapshots) expect(siblingSetProblem(set)).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });
});
