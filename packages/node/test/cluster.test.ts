// A 3-node cluster in one process, over real WebSockets on 127.0.0.1: the request path end to
// end through the wire protocol (Dynamo §4.5 get/put at R/W, §4.4 siblings), the limits and the
// error frames of DESIGN.md §4 and §7.
import type { ServerMessage } from '@kv/protocol';
import { encodeFrame } from '@kv/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from './support/raw-client.js';
import type { TestCluster } from './support/cluster.js';
import { startCluster } from './support/cluster.js';

let cluster: TestCluster;
let clients: RawClient[];

beforeAll(async () => {
  cluster = await startCluster(3);
  clients = await Promise.all(cluster.nodes.map((n) => RawClient.open(n.url)));
});

afterAll(async () => {
  for (const c of clients) c.close();
  await cluster.close();
});

function expectType<T extends ServerMessage['t']>(m: ServerMessage, t: T): Extract<ServerMessage, { t: T }> {
  expect(m.t, JSON.stringify(m)).toBe(t);
  return m as Extract<ServerMessage, { t: T }>;
}

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (value: Uint8Array): string => new TextDecoder().decode(value);

describe('get / put / delete through any node', () => {
  for (const level of ['one', 'quorum', 'all'] as const) {
    it(`round-trips at R = W = ${level}, written through one node and read through another`, async () => {
      const key = `k-${level}`;
      const put = expectType(await clients[0]!.request({ t: 'put', key, value: bytes(`v-${level}`), w: level }), 'done');
      expect(put.receipt.required).toBe(level === 'one' ? 1 : level === 'quorum' ? 2 : 3);
      expect(put.receipt.acks.length).toBeGreaterThanOrEqual(put.receipt.required);
      // R = one may legitimately miss a W = one write that has not reached every replica yet;
      // read at all to check the value landed, then at the level under test.
      const got = expectType(await clients[1]!.request({ t: 'get', key, r: level === 'one' ? 'all' : level }), 'got');
      expect(got.found).toBe(true);
      expect(got.values.map(text)).toEqual([`v-${level}`]);
      const del = expectType(await clients[2]!.request({ t: 'delete', key, context: got.context, w: level }), 'done');
      expect(del.receipt.acks.length).toBeGreaterThanOrEqual(del.receipt.required);
      const gone = expectType(await clients[0]!.request({ t: 'get', key, r: 'all' }), 'got');
      expect(gone.found).toBe(false);
      expect(gone.values).toEqual([]);
    });
  }

  it('keeps concurrent writes without context as siblings; a put with the context collapses them (Dynamo §4.4)', async () => {
    const key = 'cart';
    await Promise.all([
      clients[0]!.request({ t: 'put', key, value: bytes('apples'), w: 'all' }),
      clients[1]!.request({ t: 'put', key, value: bytes('pears'), w: 'all' }),
    ]);
    const read = expectType(await clients[2]!.request({ t: 'get', key, r: 'all' }), 'got');
    expect(read.values.map(text).sort()).toEqual(['apples', 'pears']);
    const merged = expectType(await clients[2]!.request({ t: 'put', key, value: bytes('apples+pears'), context: read.context, w: 'all' }), 'done');
    expect(merged.siblings).toBe(1);
    const after = expectType(await clients[0]!.request({ t: 'get', key, r: 'all' }), 'got');
    expect(after.values.map(text)).toEqual(['apples+pears']);
  });

  it('refuses a pair of 10 KiB + 1 byte with PAIR_TOO_LARGE and stores nothing anywhere', async () => {
    const key = 'big';
    const value = new Uint8Array(10 * 1024 + 1 - key.length);
    const refused = expectType(await clients[0]!.request({ t: 'put', key, value, w: 'one' }), 'error');
    expect(refused.code).toBe('PAIR_TOO_LARGE');
    const got = expectType(await clients[1]!.request({ t: 'get', key, r: 'all' }), 'got');
    expect(got.found).toBe(false);
    // The largest pair that fits is stored.
    const fits = expectType(await clients[0]!.request({ t: 'put', key, value: value.subarray(1), w: 'all' }), 'done');
    expect(fits.receipt.acks).toHaveLength(3);
  });
});

describe('error frames, and the connection keeps working', () => {
  it('answers bytes that are not CBOR with BAD_FRAME (id null), then serves the next request', async () => {
    const c = clients[0]!;
    c.sendRaw(Uint8Array.of(0xff, 0x00, 0x13));
    const error = expectType(await c.next(), 'error');
    expect(error).toMatchObject({ id: null, code: 'BAD_FRAME' });
    expectType(await c.request({ t: 'get', key: 'anything', r: 'one' }), 'got');
  });

  it('answers a bad message with BAD_REQUEST under its id, and serves the good one in the same frame', async () => {
    const c = clients[1]!;
    const frame = encodeFrame([{ t: 'get', id: 9001, key: 'ok-key' }]);
    c.sendRaw(frame);
    // A get with an empty key, built by hand (the codec's encoder does not validate).
    c.sendRaw(encodeFrame([{ t: 'get', id: 9002, key: '' } as never]));
    const replies = [await c.next(), await c.next()];
    const byId = new Map(replies.map((m) => ['id' in m ? m.id : null, m]));
    expect(byId.get(9001)?.t).toBe('got');
    expect(byId.get(9002)).toMatchObject({ t: 'error', code: 'BAD_REQUEST' });
  });

  it('refuses a frame over frameBytesMax with FRAME_TOO_LARGE without decoding it, and keeps the connection', async () => {
    const c = clients[2]!;
    c.sendRaw(new Uint8Array(1024 * 1024 + 1));
    const error = expectType(await c.next(), 'error');
    expect(error).toMatchObject({ id: null, code: 'FRAME_TOO_LARGE' });
    expectType(await c.request({ t: 'get', key: 'after-oversize', r: 'one' }), 'got');
  });

  it('answers a second hello with BAD_REQUEST', async () => {
    const c = clients[0]!;
    c.sendRaw(encodeFrame([{ t: 'hello', versionMin: 1, versionMax: 1, agent: 'again' }]));
    expect(await c.next()).toMatchObject({ t: 'error', id: null, code: 'BAD_REQUEST' });
  });

  it('answers a hello with no common version with VERSION_MISMATCH and closes', async () => {
    const c = await RawClient.open(cluster.nodes[0]!.url, false);
    const closed = new Promise((resolve) => c.socket.once('close', resolve));
    c.sendRaw(encodeFrame([{ t: 'hello', versionMin: 7, versionMax: 9, agent: 'future' }]));
    expect(await c.next()).toMatchObject({ t: 'error', code: 'VERSION_MISMATCH' });
    await closed;
  });

  it('answers requests before hello with NOT_READY, and text messages with BAD_FRAME', async () => {
    const c = await RawClient.open(cluster.nodes[0]!.url, false);
    try {
      const notReady = expectType(await c.request({ t: 'get', key: 'k' }), 'error');
      expect(notReady.code).toBe('NOT_READY');
      c.sendRaw('hello?');
      expect(await c.next()).toMatchObject({ t: 'error', code: 'BAD_FRAME' });
    } finally {
      c.close();
    }
  });
});

describe('admin and observability', () => {
  it('reports status, ring and health', async () => {
    const status = expectType(await clients[0]!.request({ t: 'status' }), 'status-reply');
    expect(status.members.map((m) => [m.id, m.status])).toEqual([
      ['n1', 'up'],
      ['n2', 'up'],
      ['n3', 'up'],
    ]);
    // Heartbeats advance every gossip round (250 ms here): a peer was heard from recently.
    const peers = status.members.filter((m) => m.id !== 'n1');
    for (const peer of peers) expect(peer.lastHeardMs).toBeLessThan(5_000);
    expect(status.members.find((m) => m.id === 'n1')?.lastHeardMs).toBeUndefined();
    const ring = expectType(await clients[0]!.request({ t: 'ring' }), 'ring-reply');
    expect(ring.owners.map((o) => o.node)).toEqual(['n1', 'n2', 'n3']);
    const total = ring.owners.reduce((sum, o) => sum + o.share, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(cluster.nodes[0]!.health()).toMatchObject({ status: 'ok', membersUp: 3, membersDown: 0 });
  });

  it('exports Prometheus metrics: requests, latency, quorum outcomes, lsm, hints, pruning', async () => {
    const text = await cluster.nodes[0]!.metrics.metrics();
    for (const name of [
      'kv_requests_total{op="put",outcome="ok"',
      'kv_request_duration_seconds_bucket',
      'kv_quorum_acks_total',
      'kv_siblings_per_read_bucket',
      'kv_hints_pending',
      'kv_lsm_block_cache_hit_ratio',
      'kv_lsm_compactions_total',
      'kv_vclock_entries_pruned_total',
      'kv_peer_frames_sent_total',
    ]) {
      expect(text, name).toContain(name);
    }
  });

  it('coalesces the messages of one event-loop turn into few peer frames', async () => {
    const before = await cluster.nodes[0]!.metrics.getSingleMetricAsString('kv_peer_frames_sent_total');
    const framesBefore = Number(/ (\d+)$/m.exec(before)?.[1] ?? 0);
    await Promise.all(Array.from({ length: 200 }, (_, i) => clients[0]!.request({ t: 'put', key: `burst-${i}`, value: bytes('x'), w: 'all' })));
    const after = await cluster.nodes[0]!.metrics.getSingleMetricAsString('kv_peer_frames_sent_total');
    const framesAfter = Number(/ (\d+)$/m.exec(after)?.[1] ?? 0);
    // 200 writes × (replicate to 2 peers or forward + acks) is ≥ 400 messages; coalesced, far fewer frames.
    expect(framesAfter - framesBefore).toBeLessThan(200);
  });
});
