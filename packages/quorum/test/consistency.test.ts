// Consistency levels (Dynamo §4.5: "R is the minimum number of nodes that must participate in a
// successful read operation. W is the minimum number of nodes that must participate in a
// successful write operation"), made per request as Riak and Cassandra do.
import { describe, expect, it } from 'vitest';
import { majority, requiredAnswers } from '../src/consistency.js';

const scope = { n: 3, selfZone: undefined, localReplicas: 0 };

describe('requiredAnswers', () => {
  it.each([
    ['one', 1],
    ['quorum', 2],
    ['all', 3],
    [1, 1],
    [2, 2],
    [3, 3],
  ] as const)('%s of N = 3 needs %i answers from any zone', (level, required) => {
    expect(requiredAnswers(level, scope, 'w')).toEqual({ ok: true, required, zone: undefined });
  });

  it('quorum is a majority: any two quorums of the same N intersect', () => {
    for (let n = 1; n <= 16; n++) {
      expect(majority(n) * 2).toBeGreaterThan(n);
      expect((majority(n) - 1) * 2).toBeLessThanOrEqual(n);
    }
    expect(requiredAnswers('quorum', { ...scope, n: 5 }, 'r')).toMatchObject({ required: 3 });
  });

  it('local_quorum counts a majority of the primaries in the coordinator zone, from that zone only', () => {
    expect(requiredAnswers('local_quorum', { n: 5, selfZone: 'eu', localReplicas: 3 }, 'w')).toEqual({ ok: true, required: 2, zone: 'eu' });
    expect(requiredAnswers('local_quorum', { n: 5, selfZone: 'us', localReplicas: 2 }, 'w')).toEqual({ ok: true, required: 2, zone: 'us' });
    expect(requiredAnswers('local_quorum', { n: 3, selfZone: 'ap', localReplicas: 1 }, 'r')).toEqual({ ok: true, required: 1, zone: 'ap' });
  });

  it('local_quorum without a zone is a bad request; a zone holding no replica is unavailable', () => {
    expect(requiredAnswers('local_quorum', scope, 'r')).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(requiredAnswers('local_quorum', { n: 3, selfZone: 'eu', localReplicas: 0 }, 'r')).toMatchObject({ ok: false, code: 'UNAVAILABLE' });
  });

  it.each([0, 4, 1.5, -1, Number.NaN, 'two', 'QUORUM', null, undefined, {}])('refuses %s as BAD_REQUEST', (level) => {
    const result = requiredAnswers(level, scope, 'w');
    expect(result).toMatchObject({ ok: false, code: 'BAD_REQUEST' });
    expect(result.ok ? '' : result.message).toMatch(/^w /);
  });
});
