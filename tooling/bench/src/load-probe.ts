// A quick load probe for profiling: a 3-node cluster (optionally with node flags or NODE_OPTIONS
// from the environment), three clients with `concurrency` puts/gets in flight, for `seconds`.
// Not the benchmark (src/ycsb.ts is); a tool for finding where a node's time goes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '@kv/client';
import { startLocalCluster } from '@kv/server';

const seconds = Number(process.env['SECONDS_RUN'] ?? 8);
const concurrency = Number(process.env['CONCURRENCY'] ?? 64);
const readShare = Number(process.env['READ_SHARE'] ?? 0.5);
const baseDir = mkdtempSync(join(tmpdir(), 'kv-probe-'));
const cluster = await startLocalCluster({ nodes: 3, baseDir, nodeExecArgv: process.env['EXEC_ARGV']?.split(' ').filter(Boolean) ?? [], ...(process.env['SERVER_ENTRY'] ? { serverEntry: process.env['SERVER_ENTRY'] } : {}), basePort: 27271, adminBasePort: 27281, nodeArgs: ['--log-level', 'warn', ...(process.env['NODE_ARGS']?.split(' ').filter(Boolean) ?? [])] });
const clients = await Promise.all(cluster.urls.map((url) => connect({ nodes: [url], values: 'raw' })));
const value = new Uint8Array(1000).map((_, i) => (i * 7919) & 0xff);
const contexts = new Map<string, string>();
const preload = Number(process.env['PRELOAD'] ?? 10_000);
for (let i = 0; i < preload; i += 200) {
  await Promise.all(Array.from({ length: Math.min(200, preload - i) }, (_, j) => clients[j % 3]!.put(`user${i + j}`, value, { w: 'all', raw: true })));
}
let ops = 0;
let errors = 0;
const deadline = Date.now() + seconds * 1000;
async function worker(i: number): Promise<void> {
  const client = clients[i % 3]!;
  let n = i;
  while (Date.now() < deadline) {
    const key = process.env['FRESH'] ? `fresh${i}.${n++}` : `user${(n = (n * 1103515245 + 12345) >>> 0) % 10_000}`;
    try {
      if (Math.random() < readShare) {
        const r = await client.get(key, { r: 2, raw: true });
        contexts.set(key, r.context);
      } else {
        const context = contexts.get(key);
        await client.put(key, value, { w: 2, raw: true, ...(context === undefined ? {} : { context: context as never }) });
      }
      ops++;
    } catch {
      errors++;
    }
  }
}
const t0 = Date.now();
await Promise.all(Array.from({ length: concurrency * 3 }, (_, i) => worker(i)));
console.log(`${Math.round((ops / (Date.now() - t0)) * 1000)} ops/s, ${errors} errors, ${concurrency * 3} in flight, read share ${readShare}`);
for (const node of cluster.nodes()) {
  const text = await (await fetch(`${node.adminUrl}/metrics`)).text();
  const pick = (name: string): number => text.split('\n').filter((l) => l.startsWith(name)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
  const delays = text.split('\n').filter((l) => l.startsWith('kv_event_loop_delay_seconds{')).map((l) => `${/quantile="([^"]+)"/.exec(l)?.[1]}=${(Number(l.split(' ').pop()) * 1000).toFixed(1)}ms`);
  console.log(`${node.id}: event loop delay ${delays.join(' ')}`);
  console.log(`${node.id}: requests ${pick('kv_requests_total')}, peer messages ${pick('kv_peer_messages_sent_total')} in ${pick('kv_peer_frames_sent_total')} frames, dropped ${pick('kv_peer_messages_dropped_total')}`);
}
await Promise.all(clients.map((c) => c.close()));
await cluster.stop();
rmSync(baseDir, { recursive: true, force: true });
