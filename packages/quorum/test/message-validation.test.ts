// Everything a node receives from another node is untrusted: a malformed message is dropped and
// counted, never a throw out of `step` (CONVENTIONS.md §7: operating errors are values).
import { contextOf, emptyClock, emptySet, encodeContext, toPlain, write } from '@kv/vclock';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Coordinator, MemoryHintStore, MemoryReplicaStore, Replica, roleOf } from '../src/index.js';
import { isString, ringOf, seeded } from './support/fixtures.js';

const ring = ringOf(['a', 'b', 'c']);
const set = toPlain(write(emptySet<string>(), { context: emptyClock, actor: 'a#1', nowMs: 1, value: 'v' }));
const token = encodeContext(contextOf(write(emptySet<string>(), { context: emptyClock, actor: 'a#1', nowMs: 1, value: 'v' })));

const replicaMessages: Record<string, unknown>[] = [
  { type: 'coordinate', opId: 'o', origin: 'a', key: 'k', targets: [{ node: 'a' }, { node: 'b', hintFor: 'c' }], context: token, write: { tombstone: false, value: 'v' } },
  { type: 'coordinate', opId: 'o', origin: 'a', key: 'k', targets: [{ node: 'a' }], context: null, write: { tombstone: true } },
  { type: 'replicate', opId: 'o', origin: 'a', key: 'k', hintFor: null, set, dot: { actor: 'a#1', counter: 1 } },
  { type: 'read', opId: 'o', key: 'k', hintFor: 'c' },
  { type: 'repair', key: 'k', hintFor: null, set },
  { type: 'handoff', seq: 1, key: 'k', set },
  { type: 'handoff-ack', seq: 1, key: 'k' },
];
const coordinatorMessages: Record<string, unknown>[] = [
  { type: 'write-ack', opId: 'o', outcome: 'stored', reason: null, dot: { actor: 'a#1', counter: 1 }, siblings: 1 },
  { type: 'write-ack', opId: 'o', outcome: 'refused', reason: 'hints-full', dot: null, siblings: null },
  { type: 'read-reply', opId: 'o', set },
  { type: 'read-reply', opId: 'o', set: null },
];

function freshReplica() {
  const replica = new Replica<string>({ self: 'a', generation: 1, random: seeded(1), isValue: isString, store: new MemoryReplicaStore(), hints: new MemoryHintStore() });
  replica.step({ type: 'view', view: { ring, down: [] } }, 0);
  return replica;
}

function freshCoordinator() {
  const coordinator = new Coordinator<string>({ self: 'a', random: seeded(1), isValue: isString });
  coordinator.step({ type: 'view', view: { ring, down: [] } }, 0);
  return coordinator;
}

/** A valid message with one field replaced by anything, or a field removed. */
const mutated = (messages: Record<string, unknown>[]) =>
  fc.tuple(fc.constantFrom(...messages), fc.nat(), fc.anything({ withBigInt: true, withTypedArray: true, withMap: true }), fc.boolean()).map(
    ([message, pick, value, remove]) => {
      const fields = Object.keys(message);
      const field = fields[pick % fields.length]!;
      const copy: Record<string, unknown> = { ...message };
      if (remove) delete copy[field];
      else copy[field] = value;
      return copy;
    },
  );

describe('message validation', () => {
  it('roleOf routes by type alone', () => {
    for (const m of replicaMessages) expect(roleOf(m)).toBe('replica');
    for (const m of coordinatorMessages) expect(roleOf(m)).toBe('coordinator');
    for (const junk of [null, 1, 'read', {}, { type: 'get' }, { type: 7 }]) expect(roleOf(junk)).toBeUndefined();
  });

  it('the valid samples are accepted (the fuzz below starts from real messages)', () => {
    const replica = freshReplica();
    for (const message of replicaMessages) replica.step({ type: 'message', from: 'b', message }, 1);
    expect(replica.stats().droppedMessages).toBe(0);
  });

  it('a Replica never throws on anything a peer sends, and counts what it drops', () => {
    const replica = freshReplica();
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withBigInt: true, withTypedArray: true }), mutated(replicaMessages)), (message) => {
        const before = replica.stats().droppedMessages;
        const out = replica.step({ type: 'message', from: 'b', message }, 1);
        const dropped = out.events.filter((e) => e.type === 'message-dropped').length;
        expect(replica.stats().droppedMessages - before).toBe(dropped);
      }),
      { numRuns: 2_000 },
    );
  });

  it('a Coordinator never throws on anything a peer sends', () => {
    const coordinator = freshCoordinator();
    coordinator.step({ type: 'request', request: { requestId: 'r', op: 'get', key: 'k' } }, 0);
    fc.assert(
      fc.property(fc.oneof(fc.anything({ withBigInt: true, withTypedArray: true }), mutated(coordinatorMessages)), (message) => {
        coordinator.step({ type: 'message', from: 'b', message }, 1);
      }),
      { numRuns: 2_000 },
    );
    expect(coordinator.stats().droppedMessages).toBeGreaterThan(1_000);
  });

  it('drops a message whose type is an object with a broken toString (found by the property above, seed 239271998)', () => {
    const coordinator = freshCoordinator();
    const replica = freshReplica();
    const hostile = { type: [{ toString: [] }], opId: 'o', outcome: 'stored', reason: null, dot: { actor: 'a#1', counter: 1 }, siblings: 1 };
    coordinator.step({ type: 'message', from: 'b', message: hostile }, 1);
    replica.step({ type: 'message', from: 'b', message: hostile }, 1);
    expect(coordinator.stats().droppedMessages).toBe(1);
    expect(replica.stats().droppedMessages).toBe(1);
  });

  it('a bit-flipped context token in a forwarded write is dropped, not applied', () => {
    const replica = freshReplica();
    const bad = { ...replicaMessages[0], context: `${token.slice(0, -2)}AA` };
    const out = replica.step({ type: 'message', from: 'b', message: bad }, 1);
    expect(out.send).toEqual([]);
    expect(out.events[0]).toMatchObject({ type: 'message-dropped', from: 'b' });
  });
});
