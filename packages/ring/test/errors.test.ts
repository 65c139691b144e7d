// Bad input is refused with RingError('BAD_REQUEST') naming the field; nothing is built.
import { describe, expect, test } from 'vitest';
import type { Member, Ring } from '../src/index';
import { createRing, diffRings, hashKey, RingError, ringTokensMax } from '../src/index';

function expectBadRequest(run: () => unknown, message: RegExp): void {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(RingError);
    expect((error as RingError).code).toBe('BAD_REQUEST');
    expect((error as RingError).retryable).toBe(false);
    expect((error as RingError).name).toBe('RingError');
    expect((error as Error).message).toMatch(message);
    return;
  }
  throw new Error('expected a RingError');
}

const bad = (members: unknown): (() => Ring) => () => createRing(members as Member[]);

describe('createRing refuses bad members', () => {
  test.each([
    ['not an array', 'nodes', /members must be an array/],
    ['a non-object member', [1], /members\[0\] must be an object/],
    ['a missing id', [{}], /members\[0\]\.id must be a non-empty string/],
    ['an empty id', [{ id: '' }], /members\[0\]\.id must be a non-empty string/],
    ['a numeric id', [{ id: 7 }], /members\[0\]\.id must be a non-empty string, got 7/],
    ['a too long id', [{ id: 'x'.repeat(257) }], /257 UTF-16 code units long; the limit is 256/],
    ['a lone surrogate', [{ id: 'a\uD800' }], /lone surrogate/],
    ['duplicate ids', [{ id: 'a' }, { id: 'b' }, { id: 'a' }], /duplicate member id "a"/],
    ['a zero weight', [{ id: 'a', weight: 0 }], /members\[0\]\.weight must be a finite number > 0, got 0/],
    ['a negative weight', [{ id: 'a' }, { id: 'b', weight: -1 }], /members\[1\]\.weight/],
    ['a NaN weight', [{ id: 'a', weight: Number.NaN }], /weight must be a finite number/],
    ['an infinite weight', [{ id: 'a', weight: Infinity }], /weight must be a finite number/],
    ['a string weight', [{ id: 'a', weight: '2' }], /weight must be a finite number > 0, got "2"/],
    ['an empty zone', [{ id: 'a', zone: '' }], /members\[0\]\.zone must be a non-empty string/],
    ['a numeric zone', [{ id: 'a', zone: 3 }], /members\[0\]\.zone/],
  ])('%s', (_name, members, message) => {
    expectBadRequest(bad(members), message);
  });

  test('too many tokens', () => {
    expectBadRequest(bad([{ id: 'a', weight: ringTokensMax / 2048 + 1 }]), /tokens .* the limit is 4194304/);
  });

  test.each([0, -1, 1.5, 65_537, Number.NaN, '8'])('vnodesPerWeight %j', (vnodesPerWeight) => {
    expectBadRequest(() => createRing([{ id: 'a' }], { vnodesPerWeight: vnodesPerWeight as number }), /options\.vnodesPerWeight must be an integer in 1\.\.65536/);
  });

  test('options must be an object', () => {
    expectBadRequest(() => createRing([], null as never), /options must be an object/);
  });
});

describe('lookups refuse bad arguments', () => {
  const ring = createRing([{ id: 'a', zone: 'z' }, { id: 'b' }]);

  test.each([0, -1, 1.5, Number.NaN, Infinity, '3'])('n = %j', (n) => {
    expectBadRequest(() => ring.preferenceList('k', n as number), /n \(replica count\) must be an integer ≥ 1/);
    expectBadRequest(() => ring.ranges(n as number), /n \(replica count\)/);
    expectBadRequest(() => ring.ownership(n as number), /n \(replica count\)/);
    expectBadRequest(() => diffRings(ring, ring, n as number), /n \(replica count\)/);
  });

  test('n is validated on the empty ring too', () => {
    expectBadRequest(() => createRing([]).preferenceList('k', 0), /n \(replica count\)/);
  });

  test.each([-1, 2 ** 32, 1.5, Number.NaN])('position %j', (position) => {
    expectBadRequest(() => ring.preferenceListAt(position, 1), /position must be an integer in 0\.\.2\^32-1/);
    expectBadRequest(() => ring.successors(position), /position must be an integer/);
  });

  test('keys must be strings or bytes', () => {
    expectBadRequest(() => ring.preferenceList(42 as never, 1), /key must be a string or a Uint8Array, got number/);
    expectBadRequest(() => ring.preferenceList(null as never, 1), /got null/);
    expectBadRequest(() => ring.successors({} as never), /key must be/);
  });

  test('replicasPerZone must map zones to integers ≥ 0', () => {
    expectBadRequest(() => ring.preferenceListByZone('k', null as never), /replicasPerZone must be an object/);
    expectBadRequest(() => ring.preferenceListByZone('k', { z: -1 }), /replicasPerZone\["z"\] must be an integer ≥ 0, got -1/);
    expectBadRequest(() => ring.preferenceListByZone('k', { z: 1.5 }), /integer ≥ 0/);
  });

  test('diffRings only takes rings from createRing', () => {
    expectBadRequest(() => diffRings({ ...ring } as Ring, ring), /before must be a ring built by createRing/);
    expectBadRequest(() => diffRings(ring, {} as Ring), /after must be a ring built by createRing/);
  });
});

test('hashKey refuses non-keys', () => {
  expectBadRequest(() => hashKey(new ArrayBuffer(4) as never), /key must be a string or a Uint8Array, got object/);
});
