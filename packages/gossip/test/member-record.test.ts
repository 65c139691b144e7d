// The merge rule of member records (Dynamo §4.8.1: "each member contacts a peer chosen at
// random every second and the two nodes efficiently reconcile their persisted membership change
// histories"). Reconciling must not depend on who talks to whom first, or how often: the rule
// is a join-semilattice, checked here as properties, and a member table that applies records
// in any order, any number of times, ends where the fold of the merge does.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeRecords } from '../src/index.js';
import type { MemberRecord } from '../src/index.js';
import { MemberTable } from '../src/member-table.js';
import { emptyStats } from '../src/stats.js';
import { record, recordOf } from './support/records.js';

const plain = (r: MemberRecord) => ({ ...r, suspectedBy: [...r.suspectedBy] });

describe('mergeRecords: a join-semilattice on records of one id', () => {
  test('commutative: merge(a, b) = merge(b, a)', () => {
    fc.assert(
      fc.property(recordOf(), recordOf(), (a, b) => {
        expect(plain(mergeRecords(a, b))).toEqual(plain(mergeRecords(b, a)));
      }),
    );
  });

  test('associative: merge(merge(a, b), c) = merge(a, merge(b, c))', () => {
    fc.assert(
      fc.property(recordOf(), recordOf(), recordOf(), (a, b, c) => {
        expect(plain(mergeRecords(mergeRecords(a, b), c))).toEqual(plain(mergeRecords(a, mergeRecords(b, c))));
      }),
    );
  });

  test('idempotent: merge(a, a) = a, and merging an older record changes nothing', () => {
    fc.assert(
      fc.property(recordOf(), recordOf(), (a, b) => {
        expect(mergeRecords(a, a)).toBe(a);
        const m = mergeRecords(a, b);
        expect(plain(mergeRecords(m, a))).toEqual(plain(m));
        expect(plain(mergeRecords(m, b))).toEqual(plain(m));
      }),
    );
  });

  test('a higher generation (a restart) replaces everything, even a final status', () => {
    const down = record('x', { generation: 1, heartbeat: 90, status: 'down' });
    const restarted = record('x', { generation: 2, heartbeat: 0, address: 'x:7001' });
    expect(mergeRecords(down, restarted)).toBe(restarted);
    expect(mergeRecords(restarted, down)).toBe(restarted);
  });

  test('within a generation a final status stays final, whatever heartbeat comes later', () => {
    const down = record('x', { heartbeat: 5, status: 'down' });
    const merged = mergeRecords(down, record('x', { heartbeat: 9 }));
    expect(merged).toMatchObject({ generation: 1, heartbeat: 9, status: 'down' });
    expect(mergeRecords(record('x', { heartbeat: 9, status: 'left' }), down).status).toBe('left'); // left > down
  });

  test('suspicions of the same heartbeat unite; a higher heartbeat refutes them; a final status clears them', () => {
    const byA = record('x', { heartbeat: 5, suspectedBy: ['a'] });
    const byB = record('x', { heartbeat: 5, suspectedBy: ['b'] });
    expect(mergeRecords(byA, byB).suspectedBy).toEqual(['a', 'b']);
    expect(mergeRecords(byA, record('x', { heartbeat: 6 })).suspectedBy).toEqual([]);
    expect(mergeRecords(byA, record('x', { heartbeat: 4, status: 'down' })).suspectedBy).toEqual([]);
  });

  test('returns one of its inputs when that input already is the result (no allocation on the hot path)', () => {
    const known = record('x', { heartbeat: 7 });
    expect(mergeRecords(known, record('x', { heartbeat: 3 }))).toBe(known);
    expect(mergeRecords(known, record('x', { heartbeat: 7 }))).toBe(known);
  });
});

describe('a member table converges whatever the delivery order and duplication', () => {
  // downConfirmations 16: no down decision is drawn, so the table is pure merge (decisions: member-table.test.ts).
  const config = { suspicionTimeoutMs: 1000, messageMembersMax: 256, downConfirmations: 16, membersMax: 8, leftRetentionMs: 60_000 };

  test('applying a multiset of records in two different orders gives the fold of mergeRecords', () => {
    const deliveries = fc
      .array(recordOf(3), { minLength: 1, maxLength: 12 })
      .map((records) => [...records, ...records.slice(0, 3)]) // some delivered twice
      .chain((list) => fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length })));
    fc.assert(
      fc.property(deliveries, ([withDuplicates, shuffled]) => {
        const tableA = new MemberTable(record('self'), config, emptyStats());
        const tableB = new MemberTable(record('self'), config, emptyStats());
        for (const r of withDuplicates) tableA.apply(r, 0, []);
        for (const r of shuffled) tableB.apply(r, 0, []);
        const fold = withDuplicates.reduce(mergeRecords);
        expect(plain(tableA.get('x') as MemberRecord)).toEqual(plain(fold));
        expect(plain(tableB.get('x') as MemberRecord)).toEqual(plain(fold));
      }),
    );
  });
});
