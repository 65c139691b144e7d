// A node started without seeds is a durable single-node store (N = 1): its data and identity
// survive a restart (with a new generation), and its bounds answer OVERLOADED instead of
// queueing without limit.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startNode } from '../src/index.js';
import { RawClient } from './support/raw-client.js';

const root = mkdtempSync(join(tmpdir(), 'kv-single-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('a node alone', () => {
  it('keeps its data and id across a restart, under a higher generation', async () => {
    const dataDir = join(root, 'alone');
    const first = await startNode({ dataDir, port: 0 });
    expect(first.status().keyspaces).toEqual({ default: { n: 1 } });
    let client = await RawClient.open(first.url);
    for (let i = 0; i < 50; i++) expect((await client.request({ t: 'put', key: `k${i}`, value: bytes(`v${i}`) })).t).toBe('done');
    client.close();
    await first.close();

    const second = await startNode({ dataDir, port: 0 });
    try {
      expect(second.id).toBe(first.id);
      expect(second.generation).toBeGreaterThan(first.generation);
      client = await RawClient.open(second.url);
      for (let i = 0; i < 50; i++) {
        const got = await client.request({ t: 'get', key: `k${i}` });
        expect(got).toMatchObject({ t: 'got', found: true });
        if (got.t === 'got') expect(new TextDecoder().decode(got.values[0])).toBe(`v${i}`);
      }
      client.close();
    } finally {
      await second.close();
    }
  });

  it('answers OVERLOADED past the per-connection bound, and serves the rest', async () => {
    const node = await startNode({ dataDir: join(root, 'bounded'), port: 0, connectionRequestsMax: 4 });
    const client = await RawClient.open(node.url);
    try {
      const replies = await Promise.all(Array.from({ length: 40 }, (_, i) => client.request({ t: 'put', key: `b${i}`, value: bytes('x') })));
      const overloaded = replies.filter((r) => r.t === 'error' && r.code === 'OVERLOADED').length;
      const done = replies.filter((r) => r.t === 'done').length;
      expect(overloaded).toBeGreaterThan(0);
      expect(done).toBeGreaterThanOrEqual(4);
      expect(done + overloaded).toBe(40);
      expect(await node.metrics.getSingleMetricAsString('kv_overloaded_total')).toMatch(/where="connection".* [1-9]/);
    } finally {
      client.close();
      await node.close();
    }
  });

  it('refuses a second node on a locked data dir, and bad options, with a clear error', async () => {
    const dataDir = join(root, 'locked');
    const node = await startNode({ dataDir, port: 0 });
    try {
      const identityBefore = readFileSync(join(dataDir, 'NODE'), 'utf8');
      await expect(startNode({ dataDir, port: 0 })).rejects.toMatchObject({ code: 'LOCKED' });
      expect(readFileSync(join(dataDir, 'NODE'), 'utf8')).toBe(identityBefore);
      await expect(startNode({ dataDir: join(root, 'x'), port: 70_000 })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
      await expect(startNode({ dataDir: join(root, 'y'), seeds: ['not a url'] })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    } finally {
      await node.close();
    }
  });
});
