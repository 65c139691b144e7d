// Issue 6 must-show 3, on real processes: `kill -9` one of three nodes; writes at W = 2 still
// succeed through sloppy quorum (Dynamo §4.6: a fallback stores the write with a hint for the
// dead owner, and the receipt says so); the node restarts on its data dir under a new
// generation, the hints are handed off to it, and a read at R = all through the restarted node
// sees every acknowledged write.
//
// The cluster runs at N = 2: with three nodes and N = 3 every node is already a primary of
// every key, so there is no fourth node to stand in for the dead one (a fallback must be a
// distinct physical node outside the preference list). At N = 2 the third node is the fallback.
import type { KvClient, Receipt } from '@kv/client';
import { connect } from '@kv/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './support/local-cluster.js';
import { startTestCluster, waitFor } from './support/local-cluster.js';

let test: TestCluster;
const clients: KvClient[] = [];

beforeAll(async () => {
  test = await startTestCluster(3, ['--n', '2']);
}, 60_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await test?.close();
});

interface Status {
  members: { id: string; status: string }[];
  hints: Record<string, number>;
}

async function status(client: KvClient): Promise<Status> {
  return (await client.status()) as unknown as Status;
}

describe('kill -9 one of three nodes (N = 2, W = 2)', () => {
  it('keeps taking writes with hints, hands them off after the restart, and loses none', async () => {
    const [n1url, n2url] = test.cluster.urls;
    const viaN1 = await connect({ nodes: [n1url!]});
    const viaN2 = await connect({ nodes: [n2url!]});
    clients.push(viaN1, viaN2);

    // Some writes before the failure, at W = 2.
    const acknowledged = new Map<string, number>();
    for (let i = 0; i < 30; i++) {
      await viaN1.put(`before:${i}`, i, { w: 2 });
      acknowledged.set(`before:${i}`, i);
    }

    const killed = await test.cluster.kill('n3', 'SIGKILL');
    expect(killed.signal).toBe('SIGKILL');
    await waitFor(async () => (await status(viaN1)).members.find((m) => m.id === 'n3')?.status === 'down', 20_000, 'n1 to see n3 down');
    await waitFor(async () => (await status(viaN2)).members.find((m) => m.id === 'n3')?.status === 'down', 20_000, 'n2 to see n3 down');

    // Writes while n3 is down: every one succeeds at W = 2; those owned by n3 land on a fallback.
    const receipts: Receipt[] = [];
    for (let i = 0; i < 60; i++) {
      const client = i % 2 === 0 ? viaN1 : viaN2;
      const put = await client.put(`during:${i}`, i, { w: 2 });
      acknowledged.set(`during:${i}`, i);
      receipts.push(put.receipt);
    }
    const hinted = receipts.filter((r) => r.hintsWritten.some((h) => h.hintFor === 'n3'));
    expect(hinted.length).toBeGreaterThan(0);
    for (const receipt of hinted) {
      const fallback = receipt.acks.find((a) => a.role === 'fallback');
      expect(fallback).toMatchObject({ hintFor: 'n3', counted: true });
      expect(receipt.targets.some((t) => t.hintFor === 'n3')).toBe(true);
    }
    const backlog = async (): Promise<number> => {
      const all = await Promise.all([status(viaN1), status(viaN2)]);
      return all.reduce((sum, s) => sum + (s.hints['n3'] ?? 0), 0);
    };
    expect(await backlog()).toBeGreaterThan(0);

    // Restart n3 on the same data dir: it takes a new generation, the others see it up, and
    // their handoff rounds drain the hints to it.
    const hintsBefore = await backlog();
    const restartedAt = Date.now();
    await test.cluster.restart('n3', { timeoutMs: 30_000 });
    await waitFor(async () => (await backlog()) === 0, 30_000, 'the hints for n3 to be handed off');
    console.log(`n3 down: ${hinted.length} of ${receipts.length} writes at W=2 acked with a hint for n3; ${hintsBefore} hinted keys handed off ${Date.now() - restartedAt} ms after the restart began`);

    // Every acknowledged write, read at R = all through the restarted node.
    const viaN3 = await connect({ nodes: [test.cluster.node('n3').url]});
    clients.push(viaN3);
    for (const [key, value] of acknowledged) {
      const read = await viaN3.get<number>(key, { r: 'all' });
      if (read.kind !== 'value') throw new Error(`${key}: expected one value, got ${read.kind}`);
      expect(read.value, key).toBe(value);
      expect(read.receipt.servedBy).toBe('n3');
    }
  });
});
