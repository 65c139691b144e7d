// The client against an in-process fake node (test/support/fake-server.ts) over real
// WebSockets on 127.0.0.1: handshake, reads and writes with CBOR and raw values, siblings and
// resolvers, local checks before sending, server errors, timeouts, status and ring, close.
import { describe, expect, it } from 'vitest';
import { encodeFrame, encodeValue, isKvError, KvError } from '@kv/protocol';
import type { ClientEvent, ConnectOptions, KvClient } from '../src/index.js';
import { connect } from '../src/index.js';
import { useCleanup, setupFake } from './support/cleanup.js';
import { FakeServer, type FakeServerOptions } from './support/fake-server.js';

const cleanup = useCleanup();
const setup = (options: Partial<ConnectOptions> = {}, serverOptions: FakeServerOptions = {}): Promise<{ server: FakeServer; kv: KvClient }> =>
  setupFake(cleanup, options, serverOptions);

async function failure(promise: Promise<unknown>): Promise<KvError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isKvError(error)) throw new Error(`expected a KvError, got ${String(error)}`);
  return error;
}

describe('handshake', () => {
  it('sends one hello frame and learns the node from its welcome', async () => {
    const { server, kv } = await setup({}, { node: 'n1' });
    expect(server.frames).toEqual([[{ t: 'hello', versionMin: 1, versionMax: 1, agent: '@kv/client/0.0.0 node' }]]);
    expect(kv.connection).toEqual({ url: server.url, node: 'n1', cluster: 'test' });
    expect(kv.stats()).toMatchObject({ connects: 1, inFlight: 0, queued: 0 });
  });

  it('rejects with VERSION_MISMATCH when the node refuses the hello', async () => {
    const server = await FakeServer.start({ refuseHello: true });
    cleanup.push(() => server.close());
    const error = await failure(connect({ nodes: [server.url], reconnect: { attemptsMax: 1 } }));
    expect(error.code).toBe('VERSION_MISMATCH');
  });

  it('rejects with UNAVAILABLE after attemptsMax failed dials, reporting each', async () => {
    const server = await FakeServer.start();
    const url = server.url;
    await server.close(); // nothing listens on that port now
    const events: ClientEvent[] = [];
    const error = await failure(connect({ nodes: [url], reconnect: { attemptsMax: 3, initialDelayMs: 5 }, onEvent: (e) => events.push(e) }));
    expect(error.code).toBe('UNAVAILABLE');
    expect(events.filter((e) => e.type === 'dial-failed').map((e) => e.type === 'dial-failed' && e.attempt)).toEqual([1, 2, 3]);
    expect(events.at(-1)).toMatchObject({ type: 'gave-up', attempts: 3 });
  });
});

describe('reads and writes', () => {
  it('round-trips a JS value through CBOR, with a context and a receipt', async () => {
    const { kv } = await setup({}, { node: 'n1' });
    const put = await kv.put('user:1', { name: 'Ada', tags: ['x'], n: 3 });
    expect(put.receipt.servedBy).toBe('n1');
    expect(put.siblings).toBe(1);
    const got = await kv.get<{ name: string }>('user:1');
    expect(got.kind).toBe('value');
    if (got.kind !== 'value') return;
    expect(got.value).toEqual({ name: 'Ada', tags: ['x'], n: 3 });
    expect(got.siblings).toEqual([got.value]);
    expect(got.found).toBe(true);
    expect(typeof got.context).toBe('string');
    expect(got.receipt.acks).toHaveLength(1);
  });

  it('reports a missing key as kind missing, with a context', async () => {
    const { kv } = await setup();
    const got = await kv.get('nobody');
    expect(got).toMatchObject({ kind: 'missing', found: false, siblings: [] });
    expect(got.context.length).toBeGreaterThan(0);
  });

  it('returns concurrent puts as a conflict; a resolver merges them; a put with its context supersedes both', async () => {
    const { kv } = await setup();
    await kv.put('cart', ['book']);
    await kv.put('cart', ['pen']); // no context: a sibling, never an overwrite
    const got = await kv.get<string[]>('cart');
    expect(got.kind).toBe('conflict');
    expect(got.siblings).toEqual([['book'], ['pen']]);
    const resolved = await kv.get<string[]>('cart', { resolve: (siblings) => [...new Set(siblings.flat())].sort() });
    expect(resolved).toMatchObject({ value: ['book', 'pen'], resolvedFrom: 2, found: true });
    await kv.put('cart', resolved.value, { context: resolved.context });
    const after = await kv.get<string[]>('cart');
    expect(after).toMatchObject({ kind: 'value', value: ['book', 'pen'] });
  });

  it('passes a resolver only the conflicts: one value and missing keys skip it', async () => {
    const { kv } = await setup();
    let calls = 0;
    const resolve = (siblings: readonly number[]): number => {
      calls += 1;
      return Math.max(...siblings);
    };
    expect(await kv.get('none', { resolve })).toMatchObject({ value: undefined, resolvedFrom: 0, found: false });
    await kv.put('one', 7);
    expect(await kv.get('one', { resolve })).toMatchObject({ value: 7, resolvedFrom: 1 });
    expect(calls).toBe(0);
  });

  it('stores raw bytes as they are, per client or per call', async () => {
    const { server, kv } = await setup({ values: 'raw' });
    const bytes = new Uint8Array([0, 1, 2, 255]);
    await kv.put('blob', bytes);
    expect(server.requests()[0]).toMatchObject({ t: 'put', value: bytes });
    const got = await kv.get<Uint8Array>('blob');
    expect(got.kind === 'value' && got.value).toEqual(bytes);
    expect((await failure(kv.put('blob', 'not bytes'))).code).toBe('BAD_REQUEST');
    await kv.put('doc', { a: 1 }, { raw: false });
    const raw = await kv.get('doc');
    expect(raw.kind === 'value' && raw.value).toEqual(encodeValue({ a: 1 }));
    const decoded = await kv.get('doc', { raw: false });
    expect(decoded.kind === 'value' && decoded.value).toEqual({ a: 1 });
  });

  it('reads a non-CBOR sibling as BAD_REQUEST unless read raw', async () => {
    const { kv } = await setup();
    await kv.put('k', new Uint8Array([0xff, 0xff]), { raw: true });
    expect((await failure(kv.get('k'))).code).toBe('BAD_REQUEST');
    const raw = await kv.get('k', { raw: true });
    expect(raw.kind === 'value' && raw.value).toEqual(new Uint8Array([0xff, 0xff]));
  });

  it('takes byte-string keys, distinct from the string with the same bytes', async () => {
    const { kv } = await setup();
    await kv.put(new Uint8Array([97]), 'bytes');
    await kv.put('a', 'text');
    const bytesKey = await kv.get(new Uint8Array([97]));
    expect(bytesKey.kind === 'value' && bytesKey.value).toBe('bytes');
  });

  it('deletes without a context by reading first (r quorum), then deleting what it saw', async () => {
    const { server, kv } = await setup();
    await kv.put('k', 1);
    await kv.put('k', 2);
    const deleted = await kv.delete('k', { w: 2 });
    expect(deleted.readReceipt?.consistency).toBe('quorum');
    const [, , read, del] = server.requests();
    expect(read).toMatchObject({ t: 'get', key: 'k', r: 'quorum' });
    expect(del).toMatchObject({ t: 'delete', key: 'k', w: 2, context: 'v2' });
    expect((await kv.get('k')).kind).toBe('missing');
  });

  it('deletes with a given context in one request', async () => {
    const { server, kv } = await setup();
    await kv.put('k', 1);
    const { context } = await kv.get('k');
    const deleted = await kv.delete('k', { context });
    expect(deleted.readReceipt).toBeUndefined();
    expect(server.requests().map((m) => m.t)).toEqual(['put', 'get', 'delete']);
  });

  it('sends per-request options, the client defaults and the remaining time budget', async () => {
    const { server, kv } = await setup({ r: 'one', w: 'all', timeoutMs: 3_000 });
    await kv.get('k');
    await kv.put('k', 1, { keyspace: 'users', sloppy: false, w: 2 });
    const [get, put] = server.requests();
    expect(get).toMatchObject({ t: 'get', r: 'one' });
    expect(put).toMatchObject({ t: 'put', w: 2, keyspace: 'users', sloppy: false });
    expect(put?.t === 'put' && put.context).toBe(undefined);
    for (const m of [get, put]) expect(m !== undefined && 'timeoutMs' in m && m.timeoutMs).toBeGreaterThan(2_900);
  });

  it('serves status, ring and repair without their envelopes', async () => {
    const { kv } = await setup({}, { node: 'n1' });
    const status = await kv.status();
    expect(status).toMatchObject({ node: 'n1', cluster: 'test', keyspaces: { default: { n: 3 } } });
    expect(status).not.toHaveProperty('t');
    expect(status).not.toHaveProperty('id');
    expect(await kv.ring()).toEqual({ vnodes: 8, owners: [{ node: 'n1', weight: 1, vnodes: 8, share: 1 }] });
    expect(await kv.repair()).toEqual({ pairsTotal: 2 });
  });
});

describe('checks before sending', () => {
  it('refuses a pair over the welcome maxPairBytes with PAIR_TOO_LARGE; the node sees nothing', async () => {
    const { server, kv } = await setup({}, { welcome: { maxPairBytes: 100 } });
    const error = await failure(kv.put('k', new Uint8Array(100), { raw: true })); // 1 + 100 bytes
    expect(error.code).toBe('PAIR_TOO_LARGE');
    expect(error.retryable).toBe(false);
    await kv.put('k', new Uint8Array(99), { raw: true }); // 1 + 99 = 100 bytes fits
    expect(server.requests()).toHaveLength(1);
  });

  it('refuses a default-limit pair (10 KiB) with PAIR_TOO_LARGE', async () => {
    const { server, kv } = await setup();
    expect((await failure(kv.put('big', 'x'.repeat(10_240)))).code).toBe('PAIR_TOO_LARGE');
    expect(server.requests()).toHaveLength(0);
  });

  it('refuses malformed requests with BAD_REQUEST; the node sees nothing', async () => {
    const { server, kv } = await setup();
    const bad = [
      kv.get(''),
      kv.get('k'.repeat(1025)),
      kv.get('\ud800'),
      kv.get(42 as unknown as string),
      kv.get('k', { r: 0 }),
      kv.put('k', 1, { w: 'most' as 'all' }),
      kv.get('k', { timeoutMs: 0 }),
      kv.get('k', { timeoutMs: 60_001 }),
      kv.put('k', 1, { keyspace: '' }),
      kv.put('k', 1, { context: '' as never }),
      kv.put('k', () => undefined),
    ];
    for (const call of bad) expect((await failure(call)).code).toBe('BAD_REQUEST');
    expect(server.requests()).toHaveLength(0);
  });

  it('refuses a request that cannot fit the node frameBytesMax, before sending', async () => {
    const { server, kv } = await setup({}, { welcome: { frameBytesMax: 1_000 } });
    const error = await failure(kv.delete('k', { context: 'c'.repeat(2_000) as never }));
    expect(error.code).toBe('BAD_REQUEST');
    expect(error.message).toMatch(/frameBytesMax 1000/);
    expect(server.requests()).toHaveLength(0);
  });
});

describe('server errors', () => {
  it('rejects with the node code as a KvError, with the receipt of UNAVAILABLE and TIMEOUT', async () => {
    const { server, kv } = await setup();
    for (const code of ['UNAVAILABLE', 'TIMEOUT', 'OVERLOADED', 'BAD_REQUEST', 'IO_ERROR', 'CORRUPTION', 'NOT_READY', 'INTERNAL'] as const) {
      const withReceipt = code === 'UNAVAILABLE' || code === 'TIMEOUT';
      server.respond = (m) => ({ t: 'error', id: m.id, code, message: `node says ${code}`, ...(withReceipt ? { receipt: server.receipt(2) } : {}) });
      const error = await failure(kv.put('k', 1));
      expect(error).toBeInstanceOf(KvError);
      expect(error.code).toBe(code);
      expect(error.message).toBe(`node says ${code}`);
      expect(error.retryable).toBe(['UNAVAILABLE', 'TIMEOUT', 'OVERLOADED', 'IO_ERROR', 'NOT_READY'].includes(code));
      expect(error.receipt?.required).toBe(withReceipt ? 2 : undefined);
    }
  });

  it('fails only the request whose reply is malformed; its neighbours succeed', async () => {
    const { server, kv } = await setup();
    server.respond = (m) => (m.t === 'get' && m.key === 'bad' ? ({ t: 'got', id: m.id, found: 'yes' } as never) : undefined);
    const [bad, good] = await Promise.allSettled([kv.get('bad'), kv.get('good')]);
    expect(bad.status === 'rejected' && (bad.reason as KvError).code).toBe('BAD_REQUEST');
    expect(good.status).toBe('fulfilled');
  });

  it('reports an error about a frame (id null) as an event and fails nothing', async () => {
    const events: ClientEvent[] = [];
    const { server, kv } = await setup({ onEvent: (e) => events.push(e), replyGraceMs: 0 });
    let first = true;
    server.respond = () => {
      if (!first) return undefined;
      first = false;
      const [socket] = server.sockets;
      socket?.send(new Uint8Array([0x9f])); // an undecodable frame
      return { t: 'error', id: null, code: 'BAD_FRAME', message: 'something was off' };
    };
    const reply = kv.get('k', { timeoutMs: 200 });
    await expect(kv.get('k2')).resolves.toMatchObject({ kind: 'missing' });
    expect((await failure(reply)).code).toBe('TIMEOUT'); // its reply never came
    expect(events.filter((e) => e.type === 'frame-error').map((e) => e.type === 'frame-error' && e.code)).toEqual(['BAD_FRAME', 'BAD_FRAME']);
    expect(kv.connection).toBeDefined();
  });

  it('fails a reply of the wrong type with INTERNAL', async () => {
    const { server, kv } = await setup();
    server.respond = (m) => (m.t === 'put' ? { t: 'got', id: m.id, found: false, values: [], context: 'v0', receipt: server.receipt(2) } : undefined);
    expect((await failure(kv.put('k', 1))).code).toBe('INTERNAL');
  });
});

describe('timeouts', () => {
  it('fails a call with no reply with TIMEOUT after timeoutMs + replyGraceMs, and drops the late reply', async () => {
    const { server, kv } = await setup({ replyGraceMs: 30 });
    server.holding = true;
    const started = performance.now();
    const error = await failure(kv.put('k', 1, { timeoutMs: 60 }));
    const elapsed = performance.now() - started;
    expect(error.code).toBe('TIMEOUT');
    expect(error.message).toMatch(/may have been applied/);
    expect(elapsed).toBeGreaterThanOrEqual(85);
    expect(elapsed).toBeLessThan(1_000);
    const sent = server.requests()[0];
    expect(sent?.t === 'put' && sent.timeoutMs).toBeLessThanOrEqual(60);
    expect(kv.stats().inFlight).toBe(0);
    server.release();
    await expect(kv.get('k')).resolves.toBeDefined();
    expect(kv.stats().lateReplies).toBe(1);
  });

  it("prefers the node's own TIMEOUT, with its receipt, when it arrives within the grace", async () => {
    const { server, kv } = await setup({ replyGraceMs: 500 });
    server.respond = (m) => {
      const [socket] = server.sockets;
      setTimeout(() => socket?.send(encodeFrame([{ t: 'error', id: m.id, code: 'TIMEOUT', message: 'node gave up', receipt: server.receipt(2) }])), 80);
      return 'silent';
    };
    const error = await failure(kv.get('k', { timeoutMs: 50 }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.receipt?.servedBy).toBe('fake-1');
  });
});

describe('close', () => {
  it('fails calls in flight with CLOSED and later calls too', async () => {
    const { server, kv } = await setup();
    server.holding = true;
    const inFlight = failure(kv.put('k', 1));
    await new Promise((resolve) => setTimeout(resolve, 20));
    await kv.close();
    const error = await inFlight;
    expect(error.code).toBe('CLOSED');
    expect(error.message).toMatch(/may have been applied/);
    expect((await failure(kv.get('k'))).code).toBe('CLOSED');
    await kv.close(); // idempotent
  });
});
