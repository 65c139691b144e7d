import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { diffEntries } from '../src/index';
import { digest } from './support/trees';

describe('entry diff', () => {
  test('names keys missing on either side and keys whose digests differ, in key order', () => {
    const local = new Map([['b', Uint8Array.of(1)], ['a', Uint8Array.of(1)], ['c', Uint8Array.of(1)]]);
    const remote = [
      { key: new TextEncoder().encode('d'), digest: Uint8Array.of(1) },
      { key: 'c', digest: Uint8Array.of(2) },
      { key: 'a', digest: Uint8Array.of(1) },
    ];
    const diff = diffEntries(local, remote);
    expect(diff.missingRemote).toEqual(['b']);
    expect(diff.missingLocal).toEqual([Uint8Array.of(0x64)]);
    expect(diff.different).toEqual(['c']);
  });

  test('agrees with a Map model', () => {
    const side = fc.dictionary(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'), digest);
    fc.assert(
      fc.property(side, side, (mine, theirs) => {
        const diff = diffEntries(Object.entries(mine), Object.entries(theirs));
        const keys = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].sort();
        expect(diff.missingLocal).toEqual(keys.filter((k) => !(k in mine)));
        expect(diff.missingRemote).toEqual(keys.filter((k) => !(k in theirs)));
        const same = (x: Uint8Array, y: Uint8Array): boolean => x.join() === y.join();
        expect(diff.different).toEqual(keys.filter((k) => k in mine && k in theirs && !same(mine[k] ?? x0, theirs[k] ?? x0)));
      }),
    );
  });
});

const x0 = new Uint8Array(0);
