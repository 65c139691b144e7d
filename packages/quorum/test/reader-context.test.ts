// The context token a get returns must always be encodable: a clock too big for a token (only
// heavy actor churn or a hostile peer gets there) keeps its newest entries, which can only
// make a later write supersede less (a false sibling, never a lost write).
import { clockFrom, contextLimits, decodeContext, encodeContext } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import { readerContext } from '../src/reader-context.js';

const entry = (i: number, length = 30) => ({ actor: `${String(i).padStart(6, '0')}${'x'.repeat(length - 6)}`, counter: i + 1, timestampMs: i });

describe('readerContext', () => {
  it('is encodeContext for any clock that fits', () => {
    const clock = clockFrom(Array.from({ length: 50 }, (_, i) => entry(i)));
    expect(readerContext(clock)).toBe(encodeContext(clock));
  });

  it('keeps the most recently advanced entries of a clock too big for a token', () => {
    const clock = clockFrom(Array.from({ length: 1_024 }, (_, i) => entry(i, 200)));
    expect(() => encodeContext(clock)).toThrow(/tokenCharsMax/);
    const token = readerContext(clock);
    expect(token.length).toBeLessThanOrEqual(contextLimits.tokenCharsMax);
    const kept = decodeContext(token);
    expect(kept.length).toBe(40); // ⌊(24 576 − 8) / (2 + 3 × 200 + 8)⌋ entries of 200-character actors
    const newest = [...clock].sort((a, b) => b.timestampMs - a.timestampMs).slice(0, kept.length);
    expect(kept.map((e) => e.actor)).toEqual(newest.map((e) => e.actor).sort());
    for (const e of kept) expect(e.counter).toBe(clock.find((c) => c.actor === e.actor)!.counter);
  });
});
