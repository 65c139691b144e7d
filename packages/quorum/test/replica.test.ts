// The Replica driven by hand. It is Riak's coordinating vnode and a plain replica in one: it
// coordinates the writes forwarded to it (Dynamo §4.5: the coordinator "generates the vector
// clock for the new version and writes the new version locally"), syncs replicated sets, answers
// reads, and as a fallback keeps hinted writes and hands them off (§4.6).
import type { SiblingSet } from '@kv/vclock';
import { contextOf, emptyClock, emptySet, encodeContext, fromPlain, liveValues, toPlain, write } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import type { ReplicaConfig, ReplicaOutput, ReplicateMessage, WriteAckMessage } from '../src/index.js';
import { MemoryHintStore, MemoryReplicaStore, Replica } from '../src/index.js';
import { isString, ringOf, seeded } from './support/fixtures.js';

const ring = ringOf(['a', 'b', 'c', 'd']);

function replicaAt(self: string, config: Partial<ReplicaConfig<string>> = {}) {
  const store = new MemoryReplicaStore<string>();
  const hints = new MemoryHintStore<string>();
  const replica = new Replica<string>({ self, generation: 1, random: seeded(11), isValue: isString, store, hints, ...config });
  replica.step({ type: 'view', view: { ring, down: [] } }, 0);
  return { replica, store, hints };
}

const coordinate = (targets: { node: string; hintFor?: string }[], value: string, context: string | null = null) => ({
  type: 'coordinate' as const,
  opId: 'op1',
  origin: 'o',
  key: 'k',
  targets,
  context,
  write: { tombstone: false as const, value },
});

const sent = <M>(out: ReplicaOutput<string>, type: string) => out.send.filter((e) => e.message.type === type) as { to: string; message: M }[];
const decode = (plain: unknown) => fromPlain(plain, isString);
const v1 = write(emptySet<string>(), { context: emptyClock, actor: 'z#1', nowMs: 1, value: 'v1' });

describe('Replica: coordinating a write', () => {
  it('applies the write to its own set, stores it, replicates the set to the other targets and acks the origin', () => {
    const { replica, store } = replicaAt('a');
    store.put('k', v1);
    const out = replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }, { node: 'b' }, { node: 'c', hintFor: 'd' }], 'v2', encodeContext(contextOf(v1))) }, 100);
    const stored = store.get('k')!;
    expect(liveValues(stored)).toEqual(['v2']); // the context superseded v1
    expect(out.persist).toEqual({ replicaStore: true, hintStore: false });
    const replicates = sent<ReplicateMessage<unknown>>(out, 'replicate');
    expect(replicates.map((r) => [r.to, r.message.hintFor])).toEqual([
      ['b', null],
      ['c', 'd'],
    ]);
    expect(decode(replicates[0]!.message.set)).toEqual(stored);
    const [ack] = sent<WriteAckMessage>(out, 'write-ack');
    // The local set holds none of a's actors (v1 came from elsewhere): a takes an epoch actor.
    expect(ack).toEqual({ to: 'o', message: { type: 'write-ack', opId: 'op1', outcome: 'stored', reason: null, dot: { actor: expect.stringMatching(/^a#1~[0-9a-f]{16}$/), counter: 1 }, siblings: 1 } });
  });

  it('a write without context keeps what was there as a sibling (never a silent overwrite)', () => {
    const { replica, store } = replicaAt('a');
    store.put('k', v1);
    replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }], 'blind') }, 100);
    expect(liveValues(store.get('k')!)).toEqual(['blind', 'v1']);
  });

  it('with none of its actors in the local record of the key it writes as a fresh epoch actor, then goes on with it (Riak per-key epoch, kv679)', () => {
    const { replica, store } = replicaAt('a');
    const first = sent<WriteAckMessage>(replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }], 'x') }, 100), 'write-ack')[0]!;
    expect(first.message.dot?.actor).toMatch(/^a#1~[0-9a-f]{16}$/);
    const second = sent<WriteAckMessage>(replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }], 'y') }, 101), 'write-ack')[0]!;
    expect(second.message.dot).toEqual({ actor: first.message.dot?.actor, counter: 2 });
    expect(liveValues(store.get('k')!)).toEqual(['x', 'y']); // both blind: siblings, in dot order
    expect(replica.stats()).toMatchObject({ writesCoordinated: 2, epochActors: 1 });
  });

  it('a context claiming our counter is already 2^53 − 1 cannot make it overflow: the write takes an epoch actor', () => {
    const { replica, store } = replicaAt('a');
    store.put('k', v1);
    const hostile = encodeContext([{ actor: 'a#1', counter: Number.MAX_SAFE_INTEGER, timestampMs: 0 }]);
    const out = replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }], 'v', hostile) }, 100);
    expect(sent<WriteAckMessage>(out, 'write-ack')[0]!.message.dot?.actor).toMatch(/^a#1~/);
  });

  it('as a fallback it writes as an epoch actor into the hint for the owner', () => {
    const { replica, store, hints } = replicaAt('c');
    const out = replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'a' }, { node: 'c', hintFor: 'b' }], 'v') }, 100);
    expect(store.get('k')).toBeUndefined();
    expect(liveValues(hints.get('b', 'k')!)).toEqual(['v']);
    expect(out.persist).toEqual({ replicaStore: false, hintStore: true });
    expect(sent<WriteAckMessage>(out, 'write-ack')[0]!.message).toMatchObject({ outcome: 'hinted' });
    expect(out.timers).toEqual([{ id: 'handoff', atMs: 1_100 }]);
  });

  it('answers not-a-target when the plan does not name it', () => {
    const { replica } = replicaAt('a');
    const out = replica.step({ type: 'message', from: 'o', message: coordinate([{ node: 'b' }], 'v') }, 100);
    expect(sent<WriteAckMessage>(out, 'write-ack')[0]!.message).toMatchObject({ outcome: 'refused', reason: 'not-a-target' });
  });
});

describe('Replica: replicated sets, reads and repairs', () => {
  const replicate = (set: SiblingSet<string>, hintFor: string | null = null) => ({
    type: 'replicate' as const,
    opId: 'op',
    origin: 'o',
    key: 'k',
    hintFor,
    set: toPlain(set),
    dot: { actor: 'z#1', counter: 1 },
  });

  it('syncs a replicated set into its own and acks; a second copy changes nothing and persists nothing', () => {
    const { replica, store } = replicaAt('b');
    const first = replica.step({ type: 'message', from: 'a', message: replicate(v1) }, 1);
    expect(store.get('k')).toEqual(v1);
    expect(sent<WriteAckMessage>(first, 'write-ack')[0]).toMatchObject({ to: 'o', message: { outcome: 'stored' } });
    const again = replica.step({ type: 'message', from: 'a', message: replicate(v1) }, 2);
    expect(again.persist).toBeUndefined();
  });

  it('answers a read with its set synced with the hint it holds for that owner', () => {
    const { replica, store, hints } = replicaAt('c');
    const other = write(emptySet<string>(), { context: emptyClock, actor: 'y#1', nowMs: 1, value: 'hinted' });
    hints.put('b', 'k', other);
    store.put('k', v1);
    const out = replica.step({ type: 'message', from: 'o', message: { type: 'read', opId: 'r', key: 'k', hintFor: 'b' } }, 1);
    expect(liveValues(decode((out.send[0]!.message as { set: unknown }).set)).sort()).toEqual(['hinted', 'v1']);
    const plain = replica.step({ type: 'message', from: 'o', message: { type: 'read', opId: 'r', key: 'nothing', hintFor: null } }, 1);
    expect(plain.send[0]).toEqual({ to: 'o', message: { type: 'read-reply', opId: 'r', set: null } });
  });

  it('a hinted write beyond hintsPerTargetMax keys for that owner is refused (existing keys still merge)', () => {
    const { replica, hints } = replicaAt('c', { hintsPerTargetMax: 1 });
    replica.step({ type: 'message', from: 'a', message: replicate(v1, 'b') }, 1);
    const full = replica.step({ type: 'message', from: 'a', message: { ...replicate(v1, 'b'), key: 'k2' } }, 2);
    expect(sent<WriteAckMessage>(full, 'write-ack')[0]!.message).toMatchObject({ outcome: 'refused', reason: 'hints-full' });
    expect(full.events).toEqual([{ type: 'hint-refused', target: 'b', key: 'k2' }]);
    const v2 = write(v1, { context: contextOf(v1), actor: 'z#1', nowMs: 3, value: 'v2' });
    const merge = replica.step({ type: 'message', from: 'a', message: replicate(v2, 'b') }, 3);
    expect(sent<WriteAckMessage>(merge, 'write-ack')[0]!.message.outcome).toBe('hinted');
    expect(liveValues(hints.get('b', 'k')!)).toEqual(['v2']);
    expect(replica.stats()).toMatchObject({ hintsRefused: 1, hintsByTarget: { b: 1 } });
  });

  it('a set whose dot names a different write than ours is dropped and reported, never merged (kv679)', () => {
    const { replica, store } = replicaAt('b');
    store.put('k', v1);
    const reused = write(emptySet<string>(), { context: emptyClock, actor: 'z#1', nowMs: 50, value: 'reused' });
    const out = replica.step({ type: 'message', from: 'a', message: replicate(reused) }, 1);
    expect(out.send).toEqual([]);
    expect(out.events).toEqual([{ type: 'dot-conflict', from: 'a', key: 'k' }]);
    expect(store.get('k')).toEqual(v1);
    expect(replica.stats().dotConflicts).toBe(1);
  });
});

describe('Replica: hinted handoff (Dynamo §4.6)', () => {
  const view = (down: string[]) => ({ type: 'view' as const, view: { ring, down } });
  const ackOf = (out: ReplicaOutput<string>) => {
    const message = out.send[0]!.message as { seq: number; key: string };
    return { type: 'handoff-ack' as const, seq: message.seq, key: message.key };
  };

  function fallbackHolding(keys: string[], config: Partial<ReplicaConfig<string>> = {}) {
    const fallback = replicaAt('c', config);
    fallback.replica.step(view(['b']), 0);
    for (const key of keys) fallback.hints.put('b', key, v1);
    return fallback;
  }

  it('when the owner is up again it receives the hinted sets; a hint is deleted once the owner acked it', () => {
    const { replica, hints } = fallbackHolding(['k']);
    const owner = replicaAt('b');
    const out = replica.step(view([]), 10);
    expect(out.send.map((e) => [e.to, e.message.type])).toEqual([['b', 'handoff']]);
    const stored = owner.replica.step({ type: 'message', from: 'c', message: out.send[0]!.message }, 11);
    expect(owner.store.get('k')).toEqual(v1);
    expect(stored.send).toEqual([{ to: 'c', message: ackOf(out) }]);
    const done = replica.step({ type: 'message', from: 'b', message: stored.send[0]!.message }, 12);
    expect(done.events).toEqual([{ type: 'handoff-completed', target: 'b', key: 'k' }]);
    expect(hints.count('b')).toBe(0);
    expect(replica.stats()).toMatchObject({ handoffsSent: 1, handoffsCompleted: 1, hintsByTarget: {} });
  });

  it('a window bounds the sets in flight; each ack lets the next one go', () => {
    const { replica } = fallbackHolding(['k1', 'k2', 'k3'], { handoffInFlightMax: 2 });
    const out = replica.step(view([]), 10);
    expect(out.send.map((e) => (e.message as { key: string }).key)).toEqual(['k1', 'k2']);
    const next = replica.step({ type: 'message', from: 'b', message: ackOf(out) }, 11);
    expect(next.send.map((e) => (e.message as { key: string }).key)).toEqual(['k3']);
  });

  it('an unacknowledged handoff is resent after handoffRetryMs; the late ack of the first send is ignored', () => {
    const { replica, hints } = fallbackHolding(['k'], { handoffRetryMs: 500 });
    const first = replica.step(view([]), 10);
    const retry = replica.step({ type: 'timer', id: 'handoff' }, 510);
    expect(retry.send).toHaveLength(1);
    expect(replica.step({ type: 'message', from: 'b', message: ackOf(first) }, 511).events).toEqual([]);
    expect(hints.count('b')).toBe(1);
    replica.step({ type: 'message', from: 'b', message: ackOf(retry) }, 512);
    expect(hints.count('b')).toBe(0);
  });

  it('a hint that changed while its handoff was in flight is kept, and the new set goes at once', () => {
    const { replica, hints } = fallbackHolding(['k']);
    const first = replica.step(view([]), 10);
    const v2 = write(v1, { context: contextOf(v1), actor: 'z#1', nowMs: 3, value: 'v2' });
    hints.put('b', 'k', v2);
    const again = replica.step({ type: 'message', from: 'b', message: ackOf(first) }, 11);
    expect(hints.get('b', 'k')).toEqual(v2);
    expect(decode((again.send[0]!.message as { set: unknown }).set)).toEqual(v2);
  });

  it('nothing is handed off to an owner that is still down', () => {
    const { replica } = fallbackHolding(['k']);
    expect(replica.step({ type: 'timer', id: 'handoff' }, 2_000).send).toEqual([]);
  });
});
