// Anti-entropy on real nodes (in one process, real WebSockets and disks): a node whose data dir
// is wiped comes back empty under a new generation, and Merkle-tree exchanges alone — no reads
// at all, so no read repair — put every key back on it. Its anti-entropy trees (the
// kv_anti_entropy_keys gauge) count the keys it holds as a primary.
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { KvNode } from '../src/index.js';
import { startNode } from '../src/index.js';
import type { TestCluster } from './support/cluster.js';
import { startCluster } from './support/cluster.js';
import { RawClient } from './support/raw-client.js';

let cluster: TestCluster | undefined;
let purging: TestCluster | undefined;

afterAll(async () => {
  await cluster?.close(); // the restarted node is in cluster.nodes
  await purging?.close();
});

async function metric(node: KvNode, name: string): Promise<number> {
  const metric = await node.metrics.getSingleMetric(name)?.get();
  return metric?.values[0]?.value ?? 0;
}

describe('anti-entropy between nodes', () => {
  it('refills a node whose data dir was wiped, with no reads', async () => {
    cluster = await startCluster(3, { antiEntropyIntervalMs: 100 });
    const [n1, n2, n3] = cluster.nodes as [KvNode, KvNode, KvNode];
    const client = await RawClient.open(n1.url);
    const keys = Array.from({ length: 300 }, (_, i) => `ae-${i}`);
    const replies = await Promise.all(keys.map((key) => client.request({ t: 'put', key, value: new TextEncoder().encode(key), w: 'all' })));
    expect(replies.every((reply) => reply.t === 'done')).toBe(true);
    client.close();
    expect(await metric(n3, 'kv_anti_entropy_keys')).toBe(300);

    // n3 loses its disk: closed, its data dir removed, started again on the same id and port.
    const url = n3.url;
    await n3.close();
    rmSync(cluster.dirs[2]!, { recursive: true, force: true });
    const port = Number(new URL(url).port);
    const restarted = await startNode({ dataDir: cluster.dirs[2]!, port, nodeId: 'n3', seeds: [n1.url, n2.url], secret: 'test-secret-123', syncPolicy: 'never', gossipIntervalMs: 250, antiEntropyIntervalMs: 100 });
    cluster.nodes[2] = restarted;
    expect(await metric(restarted, 'kv_anti_entropy_keys')).toBe(0);

    const deadline = Date.now() + 30_000;
    while ((await metric(restarted, 'kv_anti_entropy_keys')) < 300 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await metric(restarted, 'kv_anti_entropy_keys')).toBe(300);
    const requests = await restarted.metrics.getSingleMetric('kv_requests_total')?.get();
    expect(requests?.values.reduce((sum, v) => sum + v.value, 0) ?? 0, 'no client request reached the restarted node').toBe(0);

    // And the keys read back through it, now that it holds them.
    const reader = await RawClient.open(restarted.url);
    const got = await reader.request({ t: 'get', key: 'ae-7', r: 'one' });
    reader.close();
    expect(got.t).toBe('got');
  }, 60_000);
});

describe('tombstone purge between nodes', () => {
  it('removes a deleted key from every replica once all hold the tombstone and the grace period passed', async () => {
    purging = await startCluster(3, { antiEntropyIntervalMs: 100, tombstoneGraceMs: 300 });
    const [n1] = purging.nodes as [KvNode];
    const client = await RawClient.open(n1.url);
    try {
      const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
      expect((await client.request({ t: 'put', key: 'kept', value: bytes('k'), w: 'all' })).t).toBe('done');
      expect((await client.request({ t: 'put', key: 'doomed', value: bytes('d'), w: 'all' })).t).toBe('done');
      const read = await client.request({ t: 'get', key: 'doomed', r: 'all' });
      if (read.t !== 'got') throw new Error(`expected got, got ${read.t}`);
      expect((await client.request({ t: 'delete', key: 'doomed', context: read.context, w: 'all' })).t).toBe('done');
      const purged = async (): Promise<number> => (await Promise.all(purging!.nodes.map((node) => metric(node, 'kv_tombstones_purged_total')))).reduce((a, b) => a + b, 0);
      const deadline = Date.now() + 20_000;
      while ((await purged()) < 3 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await purged()).toBe(3);
      for (const node of purging.nodes) expect(await metric(node, 'kv_anti_entropy_keys')).toBe(1); // only `kept` is left
      const after = await client.request({ t: 'get', key: 'doomed', r: 'all' });
      expect(after).toMatchObject({ t: 'got', found: false, values: [] });
      expect(await client.request({ t: 'get', key: 'kept', r: 'all' })).toMatchObject({ t: 'got', found: true });
    } finally {
      client.close();
    }
  }, 60_000);
});
