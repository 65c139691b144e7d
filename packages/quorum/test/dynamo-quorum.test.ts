// The request path of the Dynamo paper, end to end on a small deterministic cluster
// (test/support/mini-cluster.ts): quorums (§4.5), versioning and siblings (§4.4), sloppy quorum
// and hinted handoff (§4.6), read repair (§5), failure receipts, and the coordinating replica
// that generates every dot (Riak's coordinating vnode; kv679).
import { liveValues } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import type { ClientReply, Consistency, GetResult, WriteResult } from '../src/index.js';
import { keyWith, keysWith } from './support/fixtures.js';
import { MiniCluster } from './support/mini-cluster.js';

const five = ['a', 'b', 'c', 'd', 'e'];

type Options = { w?: Consistency; r?: Consistency; sloppy?: boolean; context?: string; timeoutMs?: number };

function put(c: MiniCluster, node: string, key: string, value: string, options: Options = {}): ClientReply<string> {
  return c.awaitReply(c.request(node, { op: 'put', key, value, ...options }));
}

function get(c: MiniCluster, node: string, key: string, options: Options = {}): GetResult<string> {
  const reply = c.awaitReply(c.request(node, { op: 'get', key, ...options }));
  if (!reply.ok) throw reply.error;
  return reply as GetResult<string>;
}

function ok<T extends ClientReply<string>>(reply: ClientReply<string>): Exclude<T, { ok: false }> {
  if (!reply.ok) throw reply.error;
  return reply as Exclude<T, { ok: false }>;
}

function primariesOf(c: MiniCluster, key: string): [string, string, string] {
  return c.ring.preferenceList(key, 3) as [string, string, string];
}

describe('Dynamo §4.5: quorums', () => {
  it('a write succeeds at W acks from distinct nodes, and each of them stored it', () => {
    const c = new MiniCluster({ nodes: five, seed: 1 });
    const key = 'cart:1';
    const reply = ok<WriteResult>(put(c, 'a', key, 'book', { w: 'all' }));
    const acked = reply.receipt.acks.map((a) => a.node);
    expect(new Set(acked).size).toBe(3);
    expect(acked.sort()).toEqual([...primariesOf(c, key)].sort());
    for (const node of acked) expect(liveValues(c.node(node).store.get(key)!)).toEqual(['book']);
  });

  it('R + W > N with strict quorums: every read that succeeds after a write was acknowledged sees it', () => {
    // One writer per key does read-modify-write; after each acknowledged write a strict quorum
    // read from a random node must return it, while one random node is unreachable (and not
    // reported down, so requests to it time out) and undelivered messages stay in flight.
    let checked = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const c = new MiniCluster({ nodes: five, seed, coordinator: { requestTimeoutMs: 100 } });
      let context: string | undefined;
      for (let i = 0; i < 15; i++) {
        c.heal();
        c.isolate(c.rng.pick(five));
        const written = `v${i}`;
        const reply = put(c, c.rng.pick(five), 'k', written, { w: 2, sloppy: false, ...(context ? { context } : {}) });
        if (!reply.ok) continue; // TIMEOUT: not acknowledged, no promise made
        const read = c.awaitReply(c.request(c.rng.pick(five), { op: 'get', key: 'k', r: 2, sloppy: false }));
        if (!read.ok) continue;
        const values = (read as GetResult<string>).values;
        expect(values, `seed ${seed}, write ${i}`).toContain(written);
        checked++;
        context = (read as GetResult<string>).context;
      }
    }
    expect(checked).toBeGreaterThan(100); // 168 of 300 rounds acked and read back with seeds 1..20
  });

  it('R + W ≤ N makes no such promise: with R = W = 1 a read misses an acknowledged write', () => {
    let missed = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const c = new MiniCluster({ nodes: five, seed });
      if (!put(c, 'a', 'k', 'fresh', { w: 1, sloppy: false }).ok) continue;
      if (!get(c, c.rng.pick(five), 'k', { r: 1, sloppy: false }).values.includes('fresh')) missed++;
    }
    expect(missed).toBeGreaterThan(0);
  });
});

describe('Dynamo §4.4: versioning', () => {
  it('concurrent puts with the same context become siblings; a put with the read context supersedes exactly them', () => {
    const c = new MiniCluster({ nodes: five, seed: 3 });
    const key = 'profile:7';
    const [p1, p2] = primariesOf(c, key);
    ok(put(c, p1, key, 'v0', { w: 'all' }));
    const { context } = get(c, 'e', key, { r: 'all' });
    // Two clients write concurrently through two different coordinating replicas.
    const left = c.request(p1, { op: 'put', key, value: 'left', context, w: 2 });
    const right = c.request(p2, { op: 'put', key, value: 'right', context, w: 2 });
    c.deliverAll();
    expect([c.reply(left)?.ok, c.reply(right)?.ok]).toEqual([true, true]);
    const both = get(c, 'e', key, { r: 'all' });
    expect(both.values.sort()).toEqual(['left', 'right']);
    expect(both.receipt.divergent).toBe(false); // every replica holds both siblings
    ok(put(c, 'd', key, 'merged', { context: both.context, w: 'all' }));
    expect(get(c, 'a', key, { r: 'all' }).values).toEqual(['merged']);
  });

  it('a put without context never overwrites: it becomes a sibling', () => {
    const c = new MiniCluster({ nodes: five, seed: 4 });
    ok(put(c, 'a', 'k', 'first', { w: 'all' }));
    ok(put(c, 'b', 'k', 'second', { w: 'all' }));
    expect(get(c, 'c', 'k', { r: 'all' }).values.sort()).toEqual(['first', 'second']);
  });

  it('delete is a tombstone written with the read context; a concurrent put survives it', () => {
    const c = new MiniCluster({ nodes: five, seed: 5 });
    ok(put(c, 'a', 'k', 'v', { w: 'all' }));
    const { context } = get(c, 'b', 'k', { r: 'all' });
    ok(c.awaitReply(c.request('c', { op: 'delete', key: 'k', context, w: 'all' })));
    const gone = get(c, 'd', 'k', { r: 'all' });
    expect(gone).toMatchObject({ found: false, values: [] });
    ok(put(c, 'e', 'k', 'concurrent', { context, w: 'all' })); // written by a client that read before the delete
    expect(get(c, 'a', 'k', { r: 'all' })).toMatchObject({ found: true, values: ['concurrent'] });
  });
});

describe('Dynamo §4.6: sloppy quorum and hinted handoff', () => {
  it('a down primary is replaced by a fallback holding a hint, which is handed off when the owner returns', () => {
    const c = new MiniCluster({ nodes: five, seed: 6 });
    const key = 'cart:9';
    const [p1, , p3] = primariesOf(c, key);
    c.isolate(p3);
    c.markDown(p3);
    const reply = ok<WriteResult>(put(c, p1, key, 'item', { w: 'all' }));
    const [hint] = reply.receipt.hintsWritten;
    expect(hint?.hintFor).toBe(p3);
    const fallback = hint!.node;
    expect(reply.receipt.acks.find((a) => a.node === fallback)).toMatchObject({ role: 'fallback', hintFor: p3, counted: true });
    expect(c.node(fallback).replica.stats().hintsByTarget).toEqual({ [p3]: 1 });
    expect(c.node(fallback).store.get(key)).toBeUndefined(); // kept as a hint, not as its own data
    // A sloppy read while p3 is down reaches the fallback, which answers with the hinted set.
    expect(get(c, 'b', key, { r: 'all' }).values).toEqual(['item']);

    c.heal();
    c.markUp(p3);
    c.settle();
    expect(liveValues(c.node(p3).store.get(key)!)).toEqual(['item']);
    expect(c.node(fallback).replica.stats()).toMatchObject({ hintsByTarget: {}, handoffsCompleted: 1 });
    expect(c.hintCount()).toBe(0);
  });

  it('a strict request does not use fallbacks: UNAVAILABLE when fewer than W primaries are up', () => {
    const c = new MiniCluster({ nodes: five, seed: 7 });
    const [p1, p2, p3] = primariesOf(c, 'k');
    c.markDown(p2);
    c.markDown(p3);
    const reply = put(c, p1, 'k', 'v', { w: 2, sloppy: false });
    expect(reply.ok).toBe(false);
    const error = !reply.ok ? reply.error : undefined;
    expect(error?.code).toBe('UNAVAILABLE');
    expect(error?.receipt).toMatchObject({ targets: [{ node: p1 }], uncovered: [p2, p3], acks: [] });
    expect(c.sentByType.get('coordinate')).toBeUndefined();
  });

  it('when the fallback hint backlog for that owner is full, the fallback is not counted', () => {
    // 4 nodes, N = 3: the one node outside a key's preference list is its only fallback. Both
    // keys live on b, c, d, so a stands in for d for both, with room for one hinted key.
    const c = new MiniCluster({ nodes: ['a', 'b', 'c', 'd'], seed: 8, replica: { hintsPerTargetMax: 1 } });
    const [key1, key2] = keysWith(c.ring, 3, 2, (p) => !p.includes('a')) as [string, string];
    c.isolate('d');
    c.markDown('d');
    const first = ok<WriteResult>(put(c, 'b', key1, 'x', { w: 'all' }));
    expect(first.receipt.hintsWritten).toEqual([{ node: 'a', hintFor: 'd' }]);
    const second = put(c, 'b', key2, 'y', { w: 'all' });
    const error = !second.ok ? second.error : undefined;
    expect(error?.code).toBe('UNAVAILABLE');
    expect(error?.receipt?.refusals).toEqual([{ node: 'a', reason: 'hints-full' }]);
    expect(error?.receipt?.acks.every((a) => a.node === 'b' || a.node === 'c')).toBe(true); // fails as soon as W is out of reach
    expect(c.node('a').replica.stats()).toMatchObject({ hintsRefused: 1, hintsByTarget: { d: 1 } });
    expect(ok<WriteResult>(put(c, 'b', key2, 'z', { w: 2 })).receipt.acks.every((a) => a.role === 'primary')).toBe(true);
  });
});

describe('read repair', () => {
  it('a replica that missed a write is repaired by the next read that hears from it', () => {
    const c = new MiniCluster({ nodes: five, seed: 9 });
    const key = 'k';
    const [p1, , p3] = primariesOf(c, key);
    c.isolate(p3); // unreachable but not reported down: the write goes to p3 and is lost
    ok(put(c, p1, key, 'new', { w: 2 }));
    c.dropHeld();
    c.heal();
    expect(c.node(p3).store.get(key)).toBeUndefined();
    const read = get(c, 'e', key, { r: 'all' });
    expect(read.values).toEqual(['new']);
    expect(read.receipt).toMatchObject({ divergent: true, readRepairs: [p3] });
    c.deliverAll();
    expect(liveValues(c.node(p3).store.get(key)!)).toEqual(['new']);
    expect(get(c, 'e', key, { r: 'all' }).receipt).toMatchObject({ divergent: false, readRepairs: [] });
  });
});

describe('failures carry receipts', () => {
  it('TIMEOUT lists the acks that did come', () => {
    const c = new MiniCluster({ nodes: five, seed: 10 });
    const [p1, p2, p3] = primariesOf(c, 'k');
    c.isolate(p2);
    c.isolate(p3);
    const reply = put(c, p1, 'k', 'v', { w: 2, timeoutMs: 300 });
    expect(reply.ok).toBe(false);
    const error = !reply.ok ? reply.error : undefined;
    expect(error).toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(error?.receipt?.acks.map((a) => a.node)).toEqual([p1]);
    expect(error?.receipt?.finishedAtMs).toBe(error!.receipt!.startedAtMs + 300);
  });
});

describe('the coordinating replica (Riak coordinating vnode)', () => {
  it('a node outside the preference list forwards the write to the first up primary, whose actor makes the dot', () => {
    const c = new MiniCluster({ nodes: five, seed: 11 });
    const key = keyWith(c.ring, 3, (p) => !p.includes('e'));
    const [p1] = primariesOf(c, key);
    ok(put(c, p1, key, 'v0', { w: 'all' }));
    const { context } = get(c, 'e', key, { r: 'all' });
    const reply = ok<WriteResult>(put(c, 'e', key, 'v1', { context, w: 'all' }));
    expect(reply.receipt.coordinatedBy).toBe(p1);
    // p1's first write of the key took an epoch actor; this one goes on with it.
    expect(reply.dot).toEqual({ actor: expect.stringMatching(new RegExp(`^${p1}#1~[0-9a-f]{16}$`)), counter: 2 });
    expect(c.node('e').store.size).toBe(0);
    expect(c.node('e').replica.stats().writesCoordinated).toBe(0);
  });
});

describe('kv679: a replica that lost its data restarts with a new generation', () => {
  // Writes coordinated by a, then a loses its disk. It gets an old copy back through read repair
  // (the replica that had the newest write is slow to answer), and coordinates a new write with
  // the context that read returned.
  function scenario(generationAfterRestart: number) {
    const c = new MiniCluster({ nodes: ['a', 'b', 'c', 'd'], seed: 12 });
    const key = keyWith(c.ring, 3, (p) => p[0] === 'a' && !p.includes('d'));
    const [, p2, p3] = primariesOf(c, key);
    const acked: WriteResult[] = [];
    acked.push(ok(put(c, 'a', key, 'v1', { w: 'all' })));
    const read1 = get(c, 'a', key, { r: 'all' });
    acked.push(ok(put(c, 'a', key, 'v2', { context: read1.context, w: 'all' })));
    const read2 = get(c, 'a', key, { r: 'all' });
    c.advance(10);
    c.isolate(p2); // p2 misses v3
    acked.push(ok(put(c, 'a', key, 'v3', { context: read2.context, w: 2 })));
    c.dropHeld();
    c.heal();
    c.restart('a', { generation: generationAfterRestart, loseData: true });
    c.isolate(p3); // only p2 (stale: v2) answers the read, which repairs a with v2's set
    const stale = get(c, 'a', key, { r: 2 });
    expect(stale.values).toEqual(['v2']);
    c.dropHeld();
    c.heal();
    c.advance(10);
    acked.push(ok(put(c, 'a', key, 'v4', { context: stale.context, w: 2 })));
    c.settle();
    return { c, key, acked };
  }

  it('with a new generation no dot is ever reused and no acknowledged write is lost', () => {
    const { c, key, acked } = scenario(2);
    const dots = acked.map((r) => `${r.dot!.actor}:${r.dot!.counter}`);
    expect(new Set(dots).size).toBe(dots.length);
    expect(acked[3]!.dot?.actor).toMatch(/^a#2~[0-9a-f]{16}$/); // the new generation's epoch: a's old history is gone
    // v3 was written after v2 and v4's writer never saw it: both must survive, as siblings.
    expect(get(c, 'd', key, { r: 'all' }).values.sort()).toEqual(['v3', 'v4']);
    expect(c.events.filter((e) => e.type === 'dot-conflict')).toEqual([]);
  });

  it('(control) under its old generation the replica reuses a dot, which the other replicas refuse', () => {
    const { c, acked } = scenario(1);
    expect(acked[3]!.dot).toEqual(acked[2]!.dot); // v4 took v3's dot
    expect(c.events.filter((e) => e.type === 'dot-conflict').length).toBeGreaterThan(0);
  });
});

describe('kv679 without data loss: a fallback coordinates twice, with its hints handed off in between', () => {
  it('each fallback-coordinated write takes a fresh epoch actor, so the second never reuses the first one\'s dot', () => {
    const c = new MiniCluster({ nodes: five, seed: 14 });
    const key = 'k';
    const primaries = primariesOf(c, key);
    const downAll = () => primaries.forEach((p) => (c.isolate(p), c.markDown(p)));
    const upAll = () => (c.heal(), primaries.forEach((p) => c.markUp(p)), c.settle());
    const outsider = five.find((n) => !primaries.includes(n))!;
    downAll();
    const first = ok<WriteResult>(put(c, outsider, key, 'v1', { w: 1 }));
    expect(primaries).not.toContain(first.receipt.coordinatedBy);
    upAll(); // handed off; the fallback deletes its hints and keeps nothing of the key
    expect(c.hintCount()).toBe(0);
    downAll();
    const second = ok<WriteResult>(put(c, outsider, key, 'v2', { w: 1 }));
    expect(second.receipt.coordinatedBy).toBe(first.receipt.coordinatedBy);
    expect(second.dot).not.toEqual(first.dot);
    upAll();
    expect(c.events.filter((e) => e.type === 'dot-conflict')).toEqual([]);
    // Two of the three owners got each write by handoff; the third had no fallback, and the
    // next read at R = N repairs it.
    expect(get(c, outsider, key, { r: 'all' }).values.sort()).toEqual(['v1', 'v2']);
    c.settle();
    for (const p of primaries) expect(liveValues(c.node(p).store.get(key)!).sort()).toEqual(['v1', 'v2']);
  });
});

describe('local_quorum across zones', () => {
  it('with the other zone cut off, local_quorum writes and reads succeed and quorum ones time out', () => {
    const nodes = ['eu1', 'eu2', 'eu3', 'us1', 'us2', 'us3'].map((id) => ({ id, zone: id.slice(0, 2) }));
    const c = new MiniCluster({ nodes, seed: 13, keyspaces: { default: { replicasPerZone: { eu: 2, us: 2 } } }, coordinator: { requestTimeoutMs: 200 } });
    for (const id of ['us1', 'us2', 'us3']) c.isolate(id);
    const local = ok<WriteResult>(put(c, 'eu1', 'k', 'v', { w: 'local_quorum' }));
    expect(local.receipt).toMatchObject({ required: 2, zone: 'eu' });
    expect(local.receipt.acks.every((a) => a.zone === 'eu' && a.counted)).toBe(true);
    expect(get(c, 'eu2', 'k', { r: 'local_quorum' }).values).toEqual(['v']);
    const global = put(c, 'eu1', 'k', 'w', { w: 'quorum' });
    expect(!global.ok && global.error.code).toBe('TIMEOUT');
  });
});
