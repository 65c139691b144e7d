// Connection loss and reconnect against two fake nodes: calls in flight fail with CLOSED (a
// write may have been applied), the client redials the next listed (or learned) node with
// jittered backoff, calls made meanwhile wait and then go to the new node, and a client that
// cannot reach any node fails its waiting calls with UNAVAILABLE.
import { describe, expect, it } from 'vitest';
import { isKvError } from '@kv/protocol';
import type { ClientEvent, ConnectOptions, KvClient } from '../src/index.js';
import { connect } from '../src/index.js';
import { useCleanup } from './support/cleanup.js';
import { FakeServer } from './support/fake-server.js';

const cleanup = useCleanup();

async function servers(count: number): Promise<FakeServer[]> {
  const started = await Promise.all(Array.from({ length: count }, (_, i) => FakeServer.start({ node: `n${i + 1}` })));
  for (const server of started) cleanup.push(() => server.close());
  return started;
}

async function client(options: ConnectOptions): Promise<KvClient> {
  const kv = await connect(options);
  cleanup.push(() => kv.close());
  return kv;
}

/** A jitter source that always draws 0: every backoff is 0 ms. */
const noJitter = { nextU32: () => 0 };

async function eventually(check: () => boolean, timeoutMs = 2_000): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > timeoutMs) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  return isKvError(error) ? error.code : undefined;
}

describe('reconnect', () => {
  it('fails calls in flight with CLOSED on a drop, then reconnects to the second listed node', async () => {
    const [a, b] = await servers(2);
    if (a === undefined || b === undefined) throw new Error('servers');
    const events: ClientEvent[] = [];
    const kv = await client({ nodes: [a.url, b.url], random: noJitter, onEvent: (e) => events.push(e) });
    expect(kv.connection?.node).toBe('n1');
    a.holding = true;
    const put = kv.put('k', 1).then(() => undefined, (e: unknown) => e);
    const get = kv.get('k').then(() => undefined, (e: unknown) => e);
    await eventually(() => a.held.length === 2);
    a.dropConnections();
    const [putError, getError] = await Promise.all([put, get]);
    expect(isKvError(putError) && putError.code).toBe('CLOSED');
    expect(isKvError(putError) && putError.message).toMatch(/may have been applied/);
    expect(isKvError(getError) && getError.code).toBe('CLOSED');
    const after = await kv.put('k', 2);
    expect(after.receipt.servedBy).toBe('n2');
    expect(kv.connection?.node).toBe('n2');
    expect(b.requests()).toHaveLength(1);
    expect(events.map((e) => e.type)).toEqual(['connected', 'disconnected', 'connected']);
    expect(kv.stats().connects).toBe(2);
  });

  it('holds calls made while redialing and sends them once the next node welcomes', async () => {
    const [a, b] = await servers(2);
    if (a === undefined || b === undefined) throw new Error('servers');
    let calls: Promise<unknown>[] = [];
    let queued = 0;
    const kv: KvClient = await client({
      nodes: [a.url, b.url],
      random: noJitter,
      onEvent: (e) => {
        if (e.type !== 'disconnected') return;
        calls = [kv.put('x', 1), kv.get('x')]; // made while the client has no connection
        queued = kv.stats().queued;
      },
    });
    a.dropConnections();
    await eventually(() => calls.length > 0);
    expect(queued).toBe(2);
    const [, got] = (await Promise.all(calls)) as [unknown, { receipt: { servedBy: string } }];
    expect(got?.receipt.servedBy).toBe('n2');
    expect(b.requests().map((m) => m.t)).toEqual(['put', 'get']);
  });

  it('learns nodes from the welcome and fails over to one it was never given', async () => {
    const [b] = await servers(1);
    if (b === undefined) throw new Error('servers');
    const a = await FakeServer.start({ node: 'seed', welcome: { nodes: [b.url, 'not a url'] } });
    cleanup.push(() => a.close());
    const kv = await client({ nodes: [a.url], random: noJitter });
    expect(kv.nodes).toEqual([a.url, b.url]);
    await a.close();
    await eventually(() => kv.connection?.url === b.url);
  });

  it('fails a call that waits for a connection with UNAVAILABLE at its deadline, nothing sent', async () => {
    const [a] = await servers(1);
    if (a === undefined) throw new Error('servers');
    const kv = await client({ nodes: [a.url], reconnect: { initialDelayMs: 20, maxDelayMs: 20, attemptsMax: Infinity } });
    await a.close();
    await eventually(() => kv.connection === undefined);
    const started = performance.now();
    expect(await codeOf(kv.get('k', { timeoutMs: 100 }))).toBe('UNAVAILABLE');
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('gives up after attemptsMax dials (waiting calls fail UNAVAILABLE) and dials again on the next call', async () => {
    const [a] = await servers(1);
    if (a === undefined) throw new Error('servers');
    const events: ClientEvent[] = [];
    const kv = await client({ nodes: [a.url], random: noJitter, reconnect: { attemptsMax: 2 }, onEvent: (e) => events.push(e) });
    a.refuse = true; // every dial is cut at once
    a.dropConnections();
    await eventually(() => events.some((e) => e.type === 'gave-up'));
    expect(kv.connection).toBeUndefined();
    expect(await codeOf(kv.get('k', { timeoutMs: 5_000 }))).toBe('UNAVAILABLE'); // dials twice more, gives up again
    expect(events.filter((e) => e.type === 'gave-up')).toHaveLength(2);
    a.refuse = false;
    await expect(kv.get('k')).resolves.toMatchObject({ kind: 'missing' });
    expect(kv.stats().connects).toBe(2);
  });

  it('spreads redials with full-jitter exponential backoff from the injected random source', async () => {
    const [a] = await servers(1);
    if (a === undefined) throw new Error('servers');
    const events: ClientEvent[] = [];
    const half = { nextU32: () => 2 ** 31 };
    await client({ nodes: [a.url], random: half, reconnect: { initialDelayMs: 8, maxDelayMs: 40, attemptsMax: 5 }, onEvent: (e) => events.push(e) });
    await a.close();
    await eventually(() => events.some((e) => e.type === 'gave-up'));
    const delays = events.flatMap((e) => (e.type === 'dial-failed' ? [e.retryInMs] : []));
    expect(delays).toEqual([4, 8, 16, 20, undefined]); // half of min(40, 8·2^n), then give up
  });
});
