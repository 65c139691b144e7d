// A real 3-node cluster (three kv-server processes on 127.0.0.1, started by the same launcher
// as `pnpm start`), driven through @kv/client, the `kv` CLI and raw frames: issue 6 must-shows
// 1 and 2.
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { KvClient } from '@kv/client';
import { connect, isKvError } from '@kv/client';
import { decodeServerFrame, encodeFrame } from '@kv/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { TestCluster } from './support/local-cluster.js';
import { startTestCluster } from './support/local-cluster.js';

const run = promisify(execFile);
const cliEntry = createRequire(import.meta.url).resolve('@kv/cli/package.json').replace(/package\.json$/, 'dist/cli.js');

let test: TestCluster;
let viaNode: KvClient[];

beforeAll(async () => {
  test = await startTestCluster(3);
  // One client per node: each request is coordinated by the node the client talks to.
  viaNode = await Promise.all(test.cluster.urls.map((url) => connect({ nodes: [url]})));
}, 60_000);

afterAll(async () => {
  await Promise.all((viaNode ?? []).map((c) => c.close()));
  await test?.close();
});

describe('the kv CLI against the cluster', () => {
  it('puts through one node and gets through another', async () => {
    const [n1, , n3] = test.cluster.urls;
    const put = await run(process.execPath, [cliEntry, '--url', n1!, 'put', 'greeting', 'hello from n1', '--w', 'all']);
    expect(put.stdout).toMatch(/ok/);
    const got = await run(process.execPath, [cliEntry, '--url', n3!, '--json', 'get', 'greeting', '--r', 'all']);
    const result = JSON.parse(got.stdout) as { kind: string; value: unknown; receipt: { servedBy: string } };
    expect(result.kind).toBe('value');
    expect(result.value).toBe('hello from n1');
    expect(result.receipt.servedBy).toBe('n3');
  });
});

describe('put / get / delete through different nodes', () => {
  for (const level of ['one', 'quorum', 'all'] as const) {
    it(`at R = W = ${level}`, async () => {
      const key = `user:${level}`;
      const put = await viaNode[0]!.put(key, { name: 'Ada', level }, { w: level });
      expect(put.receipt.acks.filter((a) => a.counted).length).toBeGreaterThanOrEqual(put.receipt.required);
      expect(put.receipt.servedBy).toBe('n1');
      // A W = one write may not have reached every replica when an R = one read arrives: the
      // read at all checks it landed; then the read at the level under test.
      const atAll = await viaNode[1]!.get(key, { r: 'all' });
      expect(atAll.kind).toBe('value');
      const read = await viaNode[1]!.get<{ name: string }>(key, { r: level });
      if (read.kind !== 'value') throw new Error(`expected one value, got ${read.kind}`);
      expect(read.value).toEqual({ name: 'Ada', level });
      await viaNode[2]!.delete(key, { context: read.context, w: level });
      const gone = await viaNode[0]!.get(key, { r: 'all' });
      expect(gone.kind).toBe('missing');
    });
  }

  it('returns concurrent writes without context as siblings; a resolved put with the context collapses them', async () => {
    const key = 'cart:42';
    await Promise.all([viaNode[0]!.put(key, ['apples'], { w: 'all' }), viaNode[1]!.put(key, ['pears'], { w: 'all' })]);
    const read = await viaNode[2]!.get<string[]>(key, { r: 'all' });
    if (read.kind !== 'conflict') throw new Error(`expected a conflict, got ${read.kind}`);
    expect(read.siblings.map((s) => s[0]).sort()).toEqual(['apples', 'pears']);
    const resolved = await viaNode[2]!.get<string[]>(key, { r: 'all', resolve: (siblings) => [...new Set(siblings.flat())].sort() });
    expect(resolved.value).toEqual(['apples', 'pears']);
    await viaNode[2]!.put(key, resolved.value, { context: resolved.context, w: 'all' });
    const after = await viaNode[0]!.get<string[]>(key, { r: 'all' });
    if (after.kind !== 'value') throw new Error(`expected one value, got ${after.kind}`);
    expect(after.value).toEqual(['apples', 'pears']);
  });

  it('refuses a 10 KiB + 1 byte pair with PAIR_TOO_LARGE, in the SDK and on the node, and stores nothing', async () => {
    const key = 'blob';
    const value = new Uint8Array(10 * 1024 + 1 - key.length);
    const sdkError = await viaNode[0]!.put(key, value, { raw: true, w: 'one' }).catch((error: unknown) => error);
    expect(isKvError(sdkError) && sdkError.code).toBe('PAIR_TOO_LARGE');
    // The same pair sent straight to a node, past the SDK's own check.
    const raw = await RawSocket.open(test.cluster.urls[1]!);
    const reply = await raw.exchange([{ t: 'put', id: 1, key, value, w: 'one' }]);
    expect(reply[0]).toMatchObject({ t: 'error', id: 1, code: 'PAIR_TOO_LARGE' });
    raw.close();
    for (const client of viaNode) expect((await client.get(key, { r: 'all' })).kind).toBe('missing');
  });
});

describe('error frames on a live connection', () => {
  it('answers a malformed frame with an error frame and keeps serving; refuses an oversize frame', async () => {
    const raw = await RawSocket.open(test.cluster.urls[2]!);
    const malformed = await raw.exchangeBytes(Uint8Array.of(0x9f, 0xff, 0x00));
    expect(malformed[0]).toMatchObject({ t: 'error', id: null, code: 'BAD_FRAME' });
    const ok = await raw.exchange([{ t: 'get', id: 7, key: 'still-works', r: 'one' }]);
    expect(ok[0]).toMatchObject({ t: 'got', id: 7, found: false });
    const oversize = await raw.exchangeBytes(new Uint8Array(1024 * 1024 + 1));
    expect(oversize[0]).toMatchObject({ t: 'error', id: null, code: 'FRAME_TOO_LARGE' });
    const again = await raw.exchange([{ t: 'get', id: 8, key: 'still-works', r: 'one' }]);
    expect(again[0]).toMatchObject({ t: 'got', id: 8 });
    raw.close();
  });
});

/** A WebSocket speaking raw frames, past the SDK's checks. */
class RawSocket {
  private inbox: unknown[][] = [];
  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => {
      const frame = decodeServerFrame(data);
      this.inbox.push(frame.ok ? frame.items.map((item) => (item.ok ? item.message : item)) : [frame]);
    });
  }

  static async open(url: string): Promise<RawSocket> {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
    const raw = new RawSocket(socket);
    await raw.exchange([{ t: 'hello', versionMin: 1, versionMax: 1, agent: 'e2e-raw' }]);
    return raw;
  }

  exchange(messages: Parameters<typeof encodeFrame>[0]): Promise<unknown[]> {
    return this.exchangeBytes(encodeFrame(messages));
  }

  async exchangeBytes(bytes: Uint8Array): Promise<unknown[]> {
    this.socket.send(bytes);
    const deadline = Date.now() + 5_000;
    while (this.inbox.length === 0) {
      if (Date.now() > deadline) throw new Error('no reply frame');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    return this.inbox.shift()!;
  }

  close(): void {
    this.socket.close();
  }
}
