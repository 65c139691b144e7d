// Anti-entropy driven by hand: replicas whose stores diverged (a wiped disk, writes one replica
// missed, concurrent versions) converge through tree exchanges alone, moving sets only for the
// keys that differ; equal trees cost one round trip; a peer's bad or out-of-place messages are
// dropped or refused, never thrown.
import type { SiblingSet } from '@kv/vclock';
import { emptySet, setEquals, toPlain, write } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import type { AntiEntropyOutput, ClusterView, Envelope, Key } from '../src/index.js';
import { AntiEntropy, MemoryHintStore, MemoryReplicaStore, ObservedReplicaStore, Replica, antiEntropyPurgeTimerId, antiEntropyRebuildTimerId, antiEntropyTimerId, roleOf, setDigest } from '../src/index.js';
import { isString, ringOf, seeded } from './support/fixtures.js';

const ids = ['a', 'b', 'c'];
const view: ClusterView = { ring: ringOf(ids), down: [] };
const shape = { fanout: 4, depth: 3 };

interface Node {
  readonly id: string;
  readonly store: MemoryReplicaStore<string>;
  readonly replica: Replica<string>;
  readonly ae: AntiEntropy<string>;
}

function nodeAt(id: string, seed: number, store = new MemoryReplicaStore<string>(), hints = new MemoryHintStore<string>()): Node {
  const observed = new ObservedReplicaStore(store);
  const replica = new Replica<string>({ self: id, generation: 1, random: seeded(seed), isValue: isString, store: observed, hints });
  const ae = new AntiEntropy<string>({ self: id, random: seeded(seed + 100), n: 3, store: observed, hints, shape, exchangeIntervalMs: 1_000, tombstoneGraceMs: 5_000, purgeIntervalMs: 1_000 });
  observed.observer = (key, before, after) => ae.noteWrite(key, before, after);
  replica.step({ type: 'view', view }, 0);
  ae.step({ type: 'view', view }, 0);
  return { id, store, replica, ae };
}

const valueSet = (value: string, actor = 'w#1', base: SiblingSet<string> = emptySet<string>()) =>
  write(base, { context: base.context, actor, nowMs: 1, value });

/** Delivers every envelope (and what it causes) at once, counting messages by type. */
function deliver(nodes: Map<string, Node>, from: string, envelopes: readonly Envelope<string>[], counts: Map<string, number>): void {
  deliverAll(nodes, envelopes.map((envelope) => ({ from, envelope })), counts);
}

/** Breadth first: messages of several exchanges interleave, one hop at a time. */
function deliverAll(nodes: Map<string, Node>, queue: { from: string; envelope: Envelope<string> }[], counts: Map<string, number>): void {
  for (let i = 0; i < queue.length; i++) {
    const { from: sender, envelope } = queue[i]!;
    counts.set(envelope.message.type, (counts.get(envelope.message.type) ?? 0) + 1);
    const node = nodes.get(envelope.to)!;
    const input = { type: 'message' as const, from: sender, message: envelope.message };
    const out: { send: Envelope<string>[] } = roleOf(envelope.message) === 'anti-entropy' ? node.ae.step(input, 0) : node.replica.step(input, 0);
    for (const next of out.send) queue.push({ from: node.id, envelope: next });
  }
}

/** One exchange started by `id` (its timer firing), delivered to the end. */
function exchangeFrom(nodes: Map<string, Node>, id: string, counts = new Map<string, number>()): { out: AntiEntropyOutput<string>; counts: Map<string, number> } {
  const out = nodes.get(id)!.ae.step({ type: 'timer', id: antiEntropyTimerId }, 5_000);
  deliver(nodes, id, out.send, counts);
  return { out, counts };
}

function cluster(fill: (put: (id: string, key: Key, set: SiblingSet<string>) => void) => void, hintsAt: Record<string, MemoryHintStore<string>> = {}): Map<string, Node> {
  const stores = new Map(ids.map((id) => [id, new MemoryReplicaStore<string>()]));
  fill((id, key, set) => stores.get(id)!.put(key, set));
  return new Map(ids.map((id, i) => [id, nodeAt(id, i + 1, stores.get(id), hintsAt[id])]));
}

function assertConverged(nodes: Map<string, Node>, keys: readonly string[]): void {
  for (const key of keys) {
    const sets = ids.map((id) => nodes.get(id)!.store.get(key));
    for (const set of sets) expect(set, `${key}`).toBeDefined();
    for (const set of sets.slice(1)) expect(setEquals(sets[0]!, set!), `${key}`).toBe(true);
  }
}

describe('AntiEntropy', () => {
  it('builds its trees from the store at the first view, and keeps them current through the observed store', () => {
    const nodes = cluster((put) => {
      for (const id of ids) for (let i = 0; i < 20; i++) put(id, `k${i}`, valueSet(`v${i}`));
    });
    const roots = ids.map((id) => [...nodes.get(id)!.ae.roots().values()]);
    expect(roots[0]).toHaveLength(1); // N = 3 on 3 nodes: one replica group
    expect(roots[1]).toEqual(roots[0]);
    expect(roots[2]).toEqual(roots[0]);
    expect(nodes.get('a')!.ae.stats().keys).toBe(20);
    // A write through the Replica moves only a's root.
    nodes.get('a')!.replica.step({ type: 'message', from: 'b', message: { type: 'repair', key: 'k1', hintFor: null, set: toPlain(valueSet('new', 'x#1')) } }, 1);
    expect([...nodes.get('a')!.ae.roots().values()]).not.toEqual(roots[1]);
  });

  it('rebuilds in chunks while writes go on, and ends with the tree a full build gives', () => {
    const store = new MemoryReplicaStore<string>();
    for (let i = 0; i < 100; i++) store.put(`key-${i}`, valueSet(`v${i}`));
    const observed = new ObservedReplicaStore(store);
    const ae = new AntiEntropy<string>({ self: 'a', random: seeded(5), n: 3, store: observed, shape, rebuildChunkKeys: 7 });
    observed.observer = (key, before, after) => ae.noteWrite(key, before, after);
    const first = ae.step({ type: 'view', view }, 0);
    expect(first.timers).toContainEqual({ id: antiEntropyRebuildTimerId, atMs: 0 });
    expect(ae.stats().rebuilding).toBe(true);
    // Between chunks: rewrite keys the scan has passed and keys it has not reached, add new ones.
    let steps = 0;
    while (ae.stats().rebuilding) {
      const i = steps++;
      observed.put(`key-${(i * 13) % 100}`, valueSet(`w${i}`, 'x#1', store.get(`key-${(i * 13) % 100}`)!));
      observed.put(`new-${i}`, valueSet(`n${i}`));
      ae.step({ type: 'timer', id: antiEntropyRebuildTimerId }, steps);
    }
    expect(steps).toBeGreaterThan(10);
    const fresh = new AntiEntropy<string>({ self: 'a', random: seeded(5), n: 3, store: new ObservedReplicaStore(store), shape });
    fresh.step({ type: 'view', view }, 0);
    expect(ae.roots()).toEqual(fresh.roots());
    expect(ae.stats().keys).toBe(fresh.stats().keys);
  });

  it('equal trees: one root each way, no entries, no sets', () => {
    const nodes = cluster((put) => {
      for (const id of ids) for (let i = 0; i < 50; i++) put(id, `k${i}`, valueSet(`v${i}`));
    });
    const { out, counts } = exchangeFrom(nodes, 'a');
    expect(out.timers).toEqual([{ id: antiEntropyTimerId, atMs: 6_000 }]);
    expect(Object.fromEntries(counts)).toEqual({ 'ae-tree': 2 });
    expect(nodes.get('a')!.ae.stats()).toMatchObject({ exchangesCompleted: 1, exchangesEqual: 1, setsSent: 0 });
  });

  it('a replica that lost its disk gets every key back, and only the missing keys move', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `key-${i}`);
    const nodes = cluster((put) => {
      for (const id of ['a', 'b']) for (const key of keys) put(id, key, valueSet(key));
    });
    // c is empty. An exchange started by c, then one by a, repair it (c lists nothing; a and b list their keys).
    let repairs = 0;
    for (const starter of ['c', 'a', 'b', 'c']) repairs += exchangeFrom(nodes, starter).counts.get('repair') ?? 0;
    assertConverged(nodes, keys);
    expect(repairs).toBeLessThanOrEqual(2 * keys.length); // c was filled by whichever peer compared first; no other key moved
    expect(nodes.get('c')!.ae.stats().keys).toBe(200);
    // Now equal: another exchange moves nothing.
    expect(exchangeFrom(nodes, 'c').counts.get('repair')).toBeUndefined();
  });

  it('two peers repairing an empty replica at once fill each key once', () => {
    const keys = Array.from({ length: 300 }, (_, i) => `key-${i}`);
    const nodes = cluster((put) => {
      for (const id of ['a', 'b']) for (const key of keys) put(id, key, valueSet(key));
    });
    // a and b each see the other down, so both pick c; their exchanges run interleaved, and c
    // answers both entry lists before any set arrives.
    nodes.get('a')!.ae.step({ type: 'view', view: { ...view, down: ['b'] } }, 0);
    nodes.get('b')!.ae.step({ type: 'view', view: { ...view, down: ['a'] } }, 0);
    const counts = new Map<string, number>();
    const starts = ['a', 'b'].flatMap((id) => nodes.get(id)!.ae.step({ type: 'timer', id: antiEntropyTimerId }, 5_000).send.map((envelope) => ({ from: id, envelope })));
    expect(starts.map((s) => s.envelope.to)).toEqual(['c', 'c']);
    deliverAll(nodes, starts, counts);
    expect(counts.get('repair')).toBe(keys.length);
    assertConverged(nodes, keys);
  });

  it('moves sets only for the keys that differ (1 % of 2 000)', () => {
    const keys = Array.from({ length: 2_000 }, (_, i) => `key-${i}`);
    const stale = new Set(keys.filter((_, i) => i % 100 === 7));
    const nodes = cluster((put) => {
      for (const key of keys) {
        put('a', key, stale.has(key) ? valueSet(`${key}-new`, 'w#1', valueSet(key)) : valueSet(key));
        put('b', key, valueSet(key));
        put('c', key, valueSet(key));
      }
    });
    const { counts } = exchangeFrom(nodes, 'a');
    // b sends nothing it lacks (its sets are older) but a difference is a difference: both
    // directions move each stale key once; nothing else moves.
    expect(counts.get('repair')).toBe(2 * stale.size);
    for (const key of stale) expect(setEquals(nodes.get('a')!.store.get(key)!, nodes.get('b')!.store.get(key)!)).toBe(true);
    expect(nodes.get('b')!.store.get([...stale][0]!)!.siblings.map((s) => (s.tombstone ? null : s.value))).toEqual([`${[...stale][0]}-new`]);
  });

  it('concurrent versions on two replicas end as siblings on both', () => {
    const nodes = cluster((put) => {
      put('a', 'k', valueSet('from-a', 'a#1'));
      put('b', 'k', valueSet('from-b', 'b#1'));
    });
    exchangeFrom(nodes, 'a');
    const a = nodes.get('a')!.store.get('k')!;
    const b = nodes.get('b')!.store.get('k')!;
    expect(setEquals(a, b)).toBe(true);
    expect(a.siblings.map((s) => (s.tombstone ? null : s.value)).sort()).toEqual(['from-a', 'from-b']);
  });

  it('refuses an exchange under another ring, and drops malformed messages', () => {
    const nodes = cluster(() => undefined);
    const b = nodes.get('b')!.ae;
    const group = 'a,b,c';
    const wrongRing = b.step({ type: 'message', from: 'a', message: { type: 'ae-tree', sid: 's1', group, ring: 'other', slice: new Uint8Array(4) } }, 0);
    expect(wrongRing.send).toEqual([{ to: 'a', message: { type: 'ae-abort', sid: 's1', reason: 'ring differs' } }]);
    const notMember = b.step({ type: 'message', from: 'a', message: { type: 'ae-tree', sid: 's2', group: 'a,c,d', ring: view.ring.fingerprint, slice: new Uint8Array(4) } }, 0);
    expect(notMember.send[0]?.message).toMatchObject({ type: 'ae-abort', reason: 'not a member of the group' });
    const garbage = b.step({ type: 'message', from: 'a', message: { type: 'ae-tree', sid: 's3', group, ring: view.ring.fingerprint, slice: new Uint8Array([1, 2, 3]) } }, 0);
    expect(garbage.send[0]?.message).toMatchObject({ type: 'ae-abort', reason: 'malformed slice' });
    for (const message of [null, 42, { type: 'ae-tree' }, { type: 'ae-entries', sid: 'x', group, ring: 'r', segments: [-1], entries: [] }, { type: 'ae-want', sid: 'x', keys: [''] }]) {
      const out = b.step({ type: 'message', from: 'a', message }, 0);
      expect(out.events[0]?.type).toBe('message-dropped');
      expect(out.send).toEqual([]);
    }
    expect(b.stats().droppedMessages).toBe(5);
  });

  it('a repair round compares every group with every other member, one exchange after another', () => {
    const keys = Array.from({ length: 50 }, (_, i) => `key-${i}`);
    const nodes = cluster((put) => {
      for (const key of keys) put('a', key, valueSet(key));
    });
    const a = nodes.get('a')!.ae;
    const counts = new Map<string, number>();
    deliver(nodes, 'a', a.step({ type: 'repair' }, 7_000).send, counts);
    expect(a.stats().round).toMatchObject({ pairsTotal: 2, pairsDone: 2, startedAtMs: 7_000 });
    expect(a.stats().round?.finishedAtMs).toBeDefined(); // (the helper delivers at time 0)
    expect(counts.get('repair')).toBe(2 * keys.length); // b and c each got every key
    assertConverged(nodes, keys);
    // An empty node's groups come from the ring: it can start a round too.
    const fresh = nodeAt('c', 9);
    expect(fresh.ae.stats()).toMatchObject({ groups: 1, groupsWithKeys: 0 });
  });

  it('abandons an exchange whose peer never answers, then starts the next', () => {
    const nodes = cluster((put) => put('a', 'k', valueSet('v')));
    const a = nodes.get('a')!.ae;
    const first = a.step({ type: 'timer', id: antiEntropyTimerId }, 1_000);
    expect(first.send).toHaveLength(1);
    expect(a.step({ type: 'timer', id: antiEntropyTimerId }, 2_000).send).toHaveLength(0); // still waiting
    const late = a.step({ type: 'timer', id: antiEntropyTimerId }, 40_000);
    expect(late.events).toContainEqual({ type: 'exchange-aborted', peer: first.send[0]!.to, reason: 'timed out' });
    expect(late.send).toHaveLength(1);
  });

  describe('tombstone purge', () => {
    const deleted = (actor = 'w#1') => write(valueSet('v', actor), { context: valueSet('v', actor).context, actor, nowMs: 2, tombstone: true });
    const purgeAt = (nodes: Map<string, Node>, id: string, nowMs: number) => {
      const counts = new Map<string, number>();
      deliver(nodes, id, nodes.get(id)!.ae.step({ type: 'timer', id: antiEntropyPurgeTimerId }, nowMs).send, counts);
      return counts;
    };

    it('removes an old tombstone every member holds, on every member, when no node holds a hint', () => {
      const nodes = cluster((put) => {
        for (const id of ids) {
          put(id, 'gone', deleted());
          put(id, 'live', valueSet('stays'));
        }
      });
      const rootsBefore = nodes.get('a')!.ae.roots();
      expect(purgeAt(nodes, 'a', 3_000).get('ae-purge-check')).toBeUndefined(); // younger than the grace period
      const counts = purgeAt(nodes, 'a', 10_000);
      expect(Object.fromEntries(counts)).toEqual({ 'ae-purge-check': 2, 'ae-purge-ok': 2, 'ae-purge': 2 });
      for (const id of ids) {
        expect(nodes.get(id)!.store.get('gone'), id).toBeUndefined();
        expect(nodes.get(id)!.store.get('live'), id).toBeDefined();
        expect(nodes.get(id)!.ae.stats().tombstonesPurged).toBe(1);
      }
      expect(nodes.get('a')!.ae.roots()).not.toEqual(rootsBefore); // the trees dropped the key
      expect(nodes.get('b')!.ae.roots()).toEqual(nodes.get('a')!.ae.roots());
    });

    it('keeps it while a member holds another version, a node holds a hint for it, or a node is down', () => {
      const differs = cluster((put) => {
        put('a', 'gone', deleted());
        put('b', 'gone', deleted());
        put('c', 'gone', valueSet('v', 'w#1')); // never saw the delete
      });
      purgeAt(differs, 'a', 10_000);
      expect(differs.get('a')!.store.get('gone')).toBeDefined();

      const hinted = new MemoryHintStore<string>();
      hinted.put('a', 'gone', valueSet('old', 'z#1'));
      const withHint = cluster((put) => {
        for (const id of ids) put(id, 'gone', deleted());
      }, { c: hinted });
      purgeAt(withHint, 'a', 10_000);
      for (const id of ids) expect(withHint.get(id)!.store.get('gone'), id).toBeDefined();

      const withDown = cluster((put) => {
        for (const id of ids) put(id, 'gone', deleted());
      });
      withDown.get('a')!.ae.step({ type: 'view', view: { ...view, down: ['c'] } }, 0);
      expect(purgeAt(withDown, 'a', 10_000).size).toBe(0);
      expect(withDown.get('a')!.store.get('gone')).toBeDefined();
    });
  });

  it('digests: equal sets agree, any new dot or context entry changes the digest', () => {
    const one = valueSet('v', 'a#1');
    expect(setDigest(one)).toEqual(setDigest(valueSet('v', 'a#1')));
    expect(setDigest(one)).not.toEqual(setDigest(valueSet('v', 'b#1')));
    expect(setDigest(one)).not.toEqual(setDigest(valueSet('w', 'a#1', one)));
  });
});
