// Pipelining, coalescing and the bounded queue, against the fake node: many requests in flight
// on one connection with replies in any order, requests of one turn packed into few frames
// (split at messagesPerFrameMax and the node's frameBytesMax), and OVERLOADED past queuedMax.
import { describe, expect, it } from 'vitest';
import { encodeFrame, isKvError, protocolLimits } from '@kv/protocol';
import type { ConnectOptions, KvClient } from '../src/index.js';
import { useCleanup, setupFake } from './support/cleanup.js';
import type { FakeServer, FakeServerOptions } from './support/fake-server.js';

const cleanup = useCleanup();
const setup = (options: Partial<ConnectOptions> = {}, serverOptions: FakeServerOptions = {}): Promise<{ server: FakeServer; kv: KvClient }> =>
  setupFake(cleanup, options, serverOptions);

const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 30));
const requestFrames = (server: FakeServer) => server.frames.filter((frame) => frame.every((m) => m.t !== 'hello'));

describe('pipelining', () => {
  it('keeps 100 gets in flight on one connection and matches replies that come in reverse order', async () => {
    const { server, kv } = await setup();
    for (let i = 0; i < 100; i++) await kv.put(`k${i}`, i);
    server.holding = true;
    const gets = Array.from({ length: 100 }, (_, i) => kv.get<number>(`k${i}`));
    await settle();
    expect(kv.stats().inFlight).toBe(100);
    expect(server.held).toHaveLength(100);
    server.release('reverse');
    const results = await Promise.all(gets);
    expect(results.map((r) => (r.kind === 'value' ? r.value : -1))).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(server.connections).toBe(1);
    expect(new Set(server.requests().slice(100).map((m) => m.id)).size).toBe(100); // distinct ids
  });

  it('answers a reply frame holding replies for many requests', async () => {
    const { server, kv } = await setup();
    server.holding = true;
    const puts = Array.from({ length: 20 }, (_, i) => kv.put(`k${i}`, i));
    await settle();
    const replies = server.held.splice(0).map((h) => h.reply).reverse();
    const [socket] = server.sockets;
    socket?.send(encodeFrame(replies));
    expect((await Promise.all(puts)).every((r) => r.siblings === 1)).toBe(true);
  });
});

describe('coalescing', () => {
  it('sends the requests of one turn in one frame', async () => {
    const { server, kv } = await setup();
    await Promise.all(Array.from({ length: 200 }, (_, i) => kv.put(`k${i}`, i)));
    const frames = requestFrames(server);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toHaveLength(200);
    expect(kv.stats()).toMatchObject({ framesSent: 1, messagesSent: 200 });
  });

  it('splits a turn at messagesPerFrameMax messages', async () => {
    const count = protocolLimits.messagesPerFrameMax + 100;
    const { server, kv } = await setup({ pipelineMax: 2_000 });
    await Promise.all(Array.from({ length: count }, (_, i) => kv.get(`k${i}`)));
    expect(requestFrames(server).map((frame) => frame.length)).toEqual([protocolLimits.messagesPerFrameMax, 100]);
  });

  it("splits a turn under the node's frameBytesMax", async () => {
    const frameBytesMax = 4_096;
    const { server, kv } = await setup({}, { welcome: { frameBytesMax } });
    const sizes: number[] = [];
    const value = new Uint8Array(1_000);
    await Promise.all(Array.from({ length: 10 }, (_, i) => kv.put(`k${i}`, value, { raw: true })));
    for (const frame of requestFrames(server)) sizes.push(encodeFrame(frame).length);
    expect(sizes.length).toBeGreaterThanOrEqual(3);
    expect(sizes.length).toBeLessThanOrEqual(5);
    for (const size of sizes) expect(size).toBeLessThanOrEqual(frameBytesMax);
    expect(server.requests()).toHaveLength(10);
  });

  it('sends requests of later turns in later frames', async () => {
    const { server, kv } = await setup();
    await kv.get('a');
    await kv.get('b');
    expect(requestFrames(server)).toHaveLength(2);
  });
});

describe('bounded queue', () => {
  it('queues past pipelineMax, fails past queuedMax with OVERLOADED, then drains in order', async () => {
    const { server, kv } = await setup({ pipelineMax: 2, queuedMax: 3 });
    server.holding = true;
    const calls = Array.from({ length: 5 }, (_, i) => kv.get(`k${i}`));
    const overflow = kv.get('k5').catch((e: unknown) => e);
    const error = await overflow;
    expect(isKvError(error) && error.code).toBe('OVERLOADED');
    await settle();
    expect(kv.stats()).toMatchObject({ inFlight: 2, queued: 3 });
    expect(server.requests().map((m) => m.t === 'get' && m.key)).toEqual(['k0', 'k1']);
    server.release();
    await Promise.all(calls);
    expect(server.requests().map((m) => m.t === 'get' && m.key)).toEqual(['k0', 'k1', 'k2', 'k3', 'k4']);
    expect(kv.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('fails a call that waited its whole timeout for a pipeline slot with TIMEOUT, nothing sent', async () => {
    const { server, kv } = await setup({ pipelineMax: 1, replyGraceMs: 0 });
    server.holding = true;
    const first = kv.get('a', { timeoutMs: 5_000 }).catch(() => undefined);
    const waiting = kv.get('b', { timeoutMs: 50 }).catch((e: unknown) => e);
    const error = await waiting;
    expect(isKvError(error) && error.code).toBe('TIMEOUT');
    expect(isKvError(error) && error.message).toMatch(/nothing was sent/);
    server.release();
    await first;
    expect(server.requests().map((m) => m.t === 'get' && m.key)).toEqual(['a']);
  });

  it('frees the slot of a timed-out call for the next waiting one', async () => {
    const { server, kv } = await setup({ pipelineMax: 1, replyGraceMs: 0 });
    server.respond = (m) => (m.t === 'get' && m.key === 'slow' ? 'silent' : undefined);
    const slow = kv.get('slow', { timeoutMs: 40 }).catch((e: unknown) => e);
    const next = kv.get('next', { timeoutMs: 2_000 });
    expect(isKvError(await slow) && ((await slow) as { code: string }).code).toBe('TIMEOUT');
    await expect(next).resolves.toMatchObject({ kind: 'missing' });
  });
});
