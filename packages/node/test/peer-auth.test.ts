// The authenticated peer handshake (DESIGN.md §7): a node with the wrong secret or of another
// cluster never becomes a member; one with the right secret joins through any seed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { KvNode } from '../src/index.js';
import { startNode } from '../src/index.js';
import { newNonce, peerProof } from '../src/runtime/peer-auth.js';
import { decodePeerFrame, encodePeerFrame } from '@kv/protocol/peer';
import WebSocket from 'ws';
import { freePorts, waitFor } from './support/cluster.js';

const root = mkdtempSync(join(tmpdir(), 'kv-peer-auth-'));
const started: KvNode[] = [];
afterAll(async () => {
  await Promise.all(started.map((n) => n.close()));
  rmSync(root, { recursive: true, force: true });
});

async function start(id: string, port: number, seeds: string[], secret: string, cluster = 'kv'): Promise<KvNode> {
  const node = await startNode({ dataDir: join(root, id), port, nodeId: id, seeds, secret, cluster, gossipIntervalMs: 100, syncPolicy: 'never' });
  started.push(node);
  return node;
}

describe('peer handshake', () => {
  it('admits a node with the cluster secret and keeps out one without it', async () => {
    const [p1, p2, p3] = await freePorts(3);
    const seed = `ws://127.0.0.1:${p1}`;
    const a = await start('a', p1!, [`ws://127.0.0.1:${p2}`], 'the-right-secret');
    const b = await start('b', p2!, [seed], 'the-right-secret');
    const intruder = await start('x', p3!, [seed], 'a-wrong-secret!');
    await waitFor(() => a.health().membersUp === 2 && b.health().membersUp === 2, 10_000, 'a and b to see each other');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(a.status().members.map((m) => m.id)).toEqual(['a', 'b']);
    expect(intruder.status().members.map((m) => m.id)).toEqual(['x']);
    const refused = await a.metrics.getSingleMetricAsString('kv_peer_handshake_failures_total');
    const intruderFailures = await intruder.metrics.getSingleMetricAsString('kv_peer_handshake_failures_total');
    expect(refused + intruderFailures).toMatch(/ [1-9]\d*$/m);
  });

  it('refuses a replayed hello (same nonce) even with a valid proof', async () => {
    const [port] = await freePorts(1);
    const node = await start('r', port!, [], 'replay-secret-1');
    const nonce = newNonce();
    const timeMs = Date.now();
    const fields = { cluster: 'kv', node: 'mallory', generation: 1, nonce, timeMs };
    const hello = encodePeerFrame([
      { t: 'peer-hello', versionMin: 1, versionMax: 1, cluster: 'kv', node: 'mallory', generation: 1, address: 'ws://127.0.0.1:1', nonce, timeMs, proof: peerProof('replay-secret-1', 'hello', fields) },
    ]);
    const answer = async (): Promise<string> => {
      const socket = new WebSocket(`${node.url}/peer`);
      await new Promise((resolve) => socket.once('open', resolve));
      socket.send(hello);
      const data = await new Promise<Buffer>((resolve) => socket.once('message', resolve));
      socket.close();
      const frame = decodePeerFrame(data);
      const item = frame.ok ? frame.items[0] : undefined;
      return item?.ok ? (item.message.t === 'peer-error' ? item.message.code : item.message.t) : 'undecodable';
    };
    expect(await answer()).toBe('peer-welcome');
    expect(await answer()).toBe('UNAUTHORIZED');
  });
});
