// The local cluster launcher with real kv-server processes (src/cli.ts through tsx): three nodes
// come up seeing each other, take writes at w=all, and a node killed with SIGKILL comes back
// through restart() with its data dir. (Failure scenarios in depth are tooling/e2e's.)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@kv/client';
import { startLocalCluster, type LocalCluster } from '../src/local-cluster.js';
import { freePortRange } from './support/free-ports.js';
import { serverSource, tsxExecArgv } from './support/server-process.js';

const baseDir = mkdtempSync(path.join(tmpdir(), 'kv-local-cluster-real-'));
let cluster: LocalCluster | undefined;

afterAll(async () => {
  await cluster?.stop();
  rmSync(baseDir, { recursive: true, force: true });
});

describe('startLocalCluster with real nodes', () => {
  it('brings up 3 nodes that see each other, survives kill -9 + restart of one', async () => {
    cluster = await startLocalCluster({
      baseDir,
      basePort: await freePortRange(3),
      adminBasePort: await freePortRange(3),
      serverEntry: serverSource,
      nodeExecArgv: tsxExecArgv,
      nodeArgs: ['--sync', 'never', '--gossip-interval-ms', '100'],
    });
    for (const node of cluster.nodes()) {
      const health = await (await fetch(`${node.adminUrl}/health`)).json();
      expect(health).toMatchObject({ status: 'ok', node: node.id, membersUp: 3, membersDown: 0 });
    }
    const file = JSON.parse(readFileSync(cluster.clusterFile, 'utf8'));
    expect(file.nodes.map((node: { url: string }) => node.url)).toEqual(cluster.urls);

    const client = await connect({ nodes: cluster.urls, timeoutMs: 5_000 });
    try {
      const written = await client.put('k', 'v1', { w: 'all' });
      expect(written.receipt.acks.map((ack) => ack.node).sort()).toEqual(['n1', 'n2', 'n3']);
      await cluster.kill('n3');
      const restarted = await cluster.restart('n3');
      expect(restarted.running).toBe(true);
      const read = await client.get('k', { r: 'all' });
      expect(read.kind === 'value' && read.value).toBe('v1');
    } finally {
      await client.close();
    }
  });
});
