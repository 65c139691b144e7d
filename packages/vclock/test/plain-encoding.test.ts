// Plain-data encoding (README "Plain-data encoding"): round trips over reachable sets, the
// README worked example as a fixture, and rejection of malformed input with VclockError.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SiblingSet } from '../src/index';
import { contextLimits, contextOf, emptyClock, emptySet, fromPlain, plainFormatVersion, sync, toPlain, VclockAssertionError, VclockError, write } from '../src/index';
import { setsFromHistory } from './support/history';

const fixtureText = readFileSync(new URL('./fixtures/plain-example.json', import.meta.url), 'utf8');
const isString = (v: unknown): v is string => typeof v === 'string';

/** The README story: red, then concurrently green (node a) and a delete (node b). */
function exampleSet(): SiblingSet<string> {
  const t0 = 1_700_000_000_000;
  const a0 = write(emptySet<string>(), { context: emptyClock, actor: 'node-a#1', nowMs: t0, value: 'red' });
  const read = contextOf(a0);
  const a1 = write(a0, { context: read, actor: 'node-a#1', nowMs: t0 + 1000, value: 'green' });
  const b1 = write(sync(emptySet<string>(), a0), { context: read, actor: 'node-b#1', nowMs: t0 + 2000, tombstone: true });
  return sync(a1, b1);
}

const rejects = (plain: unknown, pattern: RegExp) => {
  let error: unknown;
  try {
    fromPlain(plain, isString);
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(VclockError);
  expect((error as VclockError).code).toBe('BAD_REQUEST');
  expect((error as VclockError).message).toMatch(pattern);
};

describe('round trips', () => {
  it('fromPlain(toPlain(set)) is the set, also through JSON (property over reachable sets)', () => {
    fc.assert(
      fc.property(setsFromHistory(1, { withPrune: true }), ({ sets: [set] }) => {
        const plain = toPlain(set!);
        expect(fromPlain(plain, isString)).toEqual(set);
        expect(fromPlain(JSON.parse(JSON.stringify(plain)), isString)).toEqual(set);
      }),
      { numRuns: 300 },
    );
  });

  it('values of any type round-trip, null and Uint8Array included', () => {
    const set = write(write(emptySet<unknown>(), { context: emptyClock, actor: 'a', nowMs: 1, value: null }), {
      context: emptyClock,
      actor: 'a',
      nowMs: 2,
      value: new Uint8Array([1, 2, 3]),
    });
    expect(fromPlain(toPlain(set))).toEqual(set);
  });

  it('the README worked example', () => {
    const set = exampleSet();
    expect(toPlain(set)).toEqual(JSON.parse(fixtureText));
    expect(fromPlain(JSON.parse(fixtureText), isString)).toEqual(set);
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(fixtureText.trim());
    expect(plainFormatVersion).toBe(1);
  });

  it('toPlain asserts the invariants (never write what cannot be read back)', () => {
    const broken: SiblingSet<string> = { context: [], siblings: [{ dot: { actor: 'a', counter: 1 }, timestampMs: 0, tombstone: true }] };
    expect(() => toPlain(broken)).toThrow(VclockAssertionError);
  });
});

describe('malformed plain data is rejected with VclockError', () => {
  const ok = (): unknown[] => JSON.parse(fixtureText);
  const withContext = (context: unknown) => [1, context, []];
  const withSiblings = (siblings: unknown) => [1, [['a', 2, 0], ['b', 1, 0]], siblings];

  it('shape and version', () => {
    expect(fromPlain(ok(), isString).siblings).toHaveLength(2); // the control
    rejects(null, /expected \[version, context, siblings\]/);
    rejects({}, /expected/);
    rejects([1, []], /expected/);
    rejects([2, [], []], /unsupported version 2/);
    rejects([1, {}, []], /context must be an array/);
    rejects([1, [], {}], /siblings must be an array/);
  });

  it('context entries: shape, actors, counters, timestamps, order, size', () => {
    rejects(withContext([['a', 1]]), /context\[0\] must be/);
    rejects(withContext([[1, 1, 0]]), /actor must be a string/);
    rejects(withContext([['', 1, 0]]), /must not be empty/);
    rejects(withContext([['\ud800', 1, 0]]), /lone surrogate/);
    rejects(withContext([['x'.repeat(contextLimits.actorBytesMax + 1), 1, 0]]), /actorBytesMax/);
    rejects(withContext([['a', 0, 0]]), /counter/);
    rejects(withContext([['a', 1.5, 0]]), /counter/);
    rejects(withContext([['a', 2 ** 53, 0]]), /counter/);
    rejects(withContext([['a', 1, -1]]), /timestampMs/);
    rejects(withContext([['a', 1, Number.NaN]]), /timestampMs/);
    rejects(withContext([['b', 1, 0], ['a', 1, 0]]), /sorted/);
    rejects(withContext([['a', 1, 0], ['a', 2, 0]]), /sorted/);
    const big = Array.from({ length: contextLimits.entriesMax + 1 }, (_, i) => [`actor-${String(i).padStart(5, '0')}`, 1, 0]);
    rejects(withContext(big), /entriesMax/);
  });

  it('siblings: shape, actor index, dots covered, order, duplicates, values', () => {
    expect(fromPlain(withSiblings([[0, 1, 0, 'x'], [0, 2, 0], [1, 1, 0, 'y']]), isString).siblings).toHaveLength(3);
    rejects(withSiblings([[0, 1]]), /siblings\[0\] must be/);
    rejects(withSiblings([[0, 1, 0, 'x', 'extra']]), /siblings\[0\] must be/);
    rejects(withSiblings([[2, 1, 0, 'x']]), /actorIndex/);
    rejects(withSiblings([[-1, 1, 0, 'x']]), /actorIndex/);
    rejects(withSiblings([[0.5, 1, 0, 'x']]), /actorIndex/);
    rejects(withSiblings([[0, 3, 0, 'x']]), /not covered/);
    rejects(withSiblings([[0, 0, 0, 'x']]), /counter/);
    rejects(withSiblings([[0, 1, -5, 'x']]), /timestampMs/);
    rejects(withSiblings([[1, 1, 0, 'y'], [0, 1, 0, 'x']]), /sorted/);
    rejects(withSiblings([[0, 2, 0, 'x'], [0, 1, 0, 'x']]), /sorted/);
    rejects(withSiblings([[0, 1, 0, 'x'], [0, 1, 0, 'x']]), /unique dots/);
    rejects(withSiblings([[0, 1, 0, 42]]), /value rejected/);
  });
});
