// Issue 7 must-show 2, on real processes: write 20 000 keys to 3 nodes (N = 3, W = all), stop
// one node, wipe its data directory, start it again: it comes back empty under a new
// generation, and Merkle-tree anti-entropy alone — no client request reaches it — puts every
// key back. Its kv_anti_entropy_keys gauge counts the keys it holds as a primary (with N = 3 on
// 3 nodes, every key); the sets its peers sent are counted too, against the keys that differed.
import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { KvClient } from '@kv/client';
import { connect } from '@kv/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestCluster } from './support/local-cluster.js';
import { startTestCluster, waitFor } from './support/local-cluster.js';

const keyCount = 20_000;
const run = promisify(execFile);
const cliEntry = createRequire(import.meta.url).resolve('@kv/cli/package.json').replace(/package\.json$/, 'dist/cli.js');
let test: TestCluster;
let client: KvClient | undefined;

beforeAll(async () => {
  test = await startTestCluster(3, ['--anti-entropy-interval-ms', '200', '--sync', 'never']);
}, 60_000);

afterAll(async () => {
  await client?.close();
  await test?.close();
});

async function metric(adminUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${adminUrl}/metrics`)).text();
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.split(' ').pop()), 0);
}

describe('a node that lost its data directory', () => {
  it('gets all 20 000 keys back through anti-entropy, with no reads', async () => {
    const { cluster } = test;
    client = await connect({ nodes: [cluster.urls[0]!] });
    const value = 'x'.repeat(100);
    for (let i = 0; i < keyCount; i += 500) {
      await Promise.all(Array.from({ length: Math.min(500, keyCount - i) }, (_, j) => client!.put(`ae:${i + j}`, value, { w: 'all' })));
    }
    const n3 = cluster.node('n3');
    expect(await metric(n3.adminUrl, 'kv_anti_entropy_keys')).toBe(keyCount);
    const sentBefore = (await metric(cluster.node('n1').adminUrl, 'kv_anti_entropy_sets_sent_total')) + (await metric(cluster.node('n2').adminUrl, 'kv_anti_entropy_sets_sent_total'));

    await cluster.kill('n3', 'SIGTERM');
    rmSync(n3.dataDir, { recursive: true, force: true });
    const startedAt = Date.now();
    await cluster.restart('n3', { timeoutMs: 30_000 });
    let held = 0;
    await waitFor(async () => (held = await metric(n3.adminUrl, 'kv_anti_entropy_keys')) === keyCount, 120_000, `n3 to hold ${keyCount} keys (holds ${held})`);
    const seconds = (Date.now() - startedAt) / 1000;

    expect(await metric(n3.adminUrl, 'kv_requests_total'), 'no client request reached n3').toBe(0);
    const sent = (await metric(cluster.node('n1').adminUrl, 'kv_anti_entropy_sets_sent_total')) + (await metric(cluster.node('n2').adminUrl, 'kv_anti_entropy_sets_sent_total')) - sentBefore;
    console.log(`n3 wiped: ${keyCount} keys back through anti-entropy in ${seconds.toFixed(1)} s after the restart began; peers sent ${sent} sets for ${keyCount} missing keys`);
    expect(sent).toBeGreaterThanOrEqual(keyCount);
    expect(sent).toBeLessThanOrEqual(2 * keyCount); // both peers may fill the same key once; nothing else moves

    // The keys read back through n3 at R = all (every replica, n3 included, answers).
    const viaN3 = await connect({ nodes: [n3.url] });
    try {
      for (const i of [0, 1, 4_999, 12_345, keyCount - 1]) {
        const got = await viaN3.get(`ae:${i}`, { r: 'all' });
        expect(got.kind, `ae:${i}`).toBe('value');
      }
    } finally {
      await viaN3.close();
    }

    // `kv repair` runs a round on every node and follows it: the replicas already agree, so every
    // exchange finds equal trees and nothing moves.
    const repair = await run(process.execPath, [cliEntry, '--url', cluster.urls[0]!, 'repair']);
    console.log(`kv repair: ${repair.stderr.trim()} / ${repair.stdout.trim()}`);
    expect(repair.stdout).toMatch(/^repair done: 6 exchanges on 3 nodes, 0 keys repaired/);
  }, 240_000);
});

describe('kv repair', () => {
  it('refills a wiped node on demand, with a progress bar, when periodic anti-entropy is off', async () => {
    // Exchanges once a day: within this test only `kv repair` compares the replicas.
    const daily = await startTestCluster(3, ['--anti-entropy-interval-ms', '86400000', '--sync', 'never']);
    const viaN1 = await connect({ nodes: [daily.cluster.urls[0]!] });
    try {
      const count = 5_000;
      for (let i = 0; i < count; i += 500) {
        await Promise.all(Array.from({ length: Math.min(500, count - i) }, (_, j) => viaN1.put(`r:${i + j}`, i + j, { w: 'all' })));
      }
      const n3 = daily.cluster.node('n3');
      await daily.cluster.kill('n3', 'SIGTERM');
      rmSync(n3.dataDir, { recursive: true, force: true });
      await daily.cluster.restart('n3', { timeoutMs: 30_000 });
      await daily.cluster.waitUntilUp(30_000);
      expect(await metric(n3.adminUrl, 'kv_anti_entropy_keys')).toBe(0);

      const repair = await run(process.execPath, [cliEntry, '--url', daily.cluster.urls[0]!, '--json', 'repair']);
      const summary = JSON.parse(repair.stdout) as { exchanges: number; keysRepaired: number; elapsedMs: number };
      console.log(`kv repair after wiping n3 (${count} keys): ${JSON.stringify(summary)}`);
      expect(summary.keysRepaired).toBeGreaterThanOrEqual(count);
      expect(await metric(n3.adminUrl, 'kv_anti_entropy_keys')).toBe(count);
    } finally {
      await viaN1.close();
      await daily.close();
    }
  }, 240_000);
});
