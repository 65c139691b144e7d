// Actor well-formedness (src/utf8.ts): a lone surrogate is not a valid actor, since
// TextEncoder would map it to U+FFFD and two ids could encode alike.
import { describe, expect, it } from 'vitest';
import { isWellFormed } from '../src/utf8';

describe('isWellFormed', () => {
  it('accepts paired surrogates, flags lone ones', () => {
    expect(isWellFormed('node-a#1')).toBe(true);
    expect(isWellFormed('\ud83d\ude00')).toBe(true);
    expect(isWellFormed('a\ud800')).toBe(false);
    expect(isWellFormed('\udc00a')).toBe(false);
    expect(isWellFormed('\ud800\ud800\udc00')).toBe(false);
  });
});
