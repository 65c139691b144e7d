// Benchmarks for @kv/quorum (CONVENTIONS.md §10): whole Dynamo requests (N = 3, W = R = 2)
// through kv's Coordinator and Replicas on five in-process nodes, against the naive
// last-writer-wins baseline (naive-lww.ts) doing the same requests in the same process; and the
// coordinator's own steps for one put, against the naive coordinator's. Run: `pnpm bench`.
import type { RatioRow } from '@kv/bench-kit';
import { measureThroughput, ratioTable, runBench } from '@kv/bench-kit';
import { createRing } from '@kv/ring';
import { seededRandom } from '@kv/test-kit';
import type * as Quorum from '../src/index.js';
import type { ClientReply, ClientRequest, Coordinator, CoordinateMessage, GetResult, QuorumMessage, Replica } from '../src/index.js';
import type { NaiveEnvelope } from './naive-lww.js';
import { NaiveNode } from './naive-lww.js';

// The built package, as users run it (`pnpm bench` builds first); types come from src so that
// typechecking does not need a build.
const distEntry = '../dist/index.js';
const kv = (await import(distEntry)) as typeof Quorum;
const { MemoryHintStore, MemoryReplicaStore, roleOf } = kv;

const ids = ['a', 'b', 'c', 'd', 'e'];
const ring = createRing(ids.map((id) => ({ id })));
const keys = Array.from({ length: 1_000 }, (_, i) => `user:${String(i).padStart(6, '0')}`);
const value = seededRandom(1).bytes(100);
const isBytes = (v: unknown): v is Uint8Array => v instanceof Uint8Array;
const loops = 100;
/** Inserts before the clusters start over with empty stores (bounds memory; both sides alike). */
const insertsPerCluster = 20_000;
let sink = 0;

type KvCluster = Map<string, { readonly coordinator: Coordinator<Uint8Array>; readonly replica: Replica<Uint8Array> }>;

function kvCluster(): KvCluster {
  const rng = seededRandom(2);
  const random = { nextU32: () => rng.u32() };
  const nodes: KvCluster = new Map();
  for (const self of ids) {
    const coordinator = new kv.Coordinator<Uint8Array>({ self, random, isValue: isBytes });
    const replica = new kv.Replica<Uint8Array>({ self, generation: 1, random, isValue: isBytes, store: new MemoryReplicaStore(), hints: new MemoryHintStore() });
    for (const core of [coordinator, replica]) core.step({ type: 'view', view: { ring, down: [] } }, 0);
    nodes.set(self, { coordinator, replica });
  }
  return nodes;
}

function naiveCluster(): Map<string, NaiveNode> {
  return new Map(ids.map((id) => [id, new NaiveNode(id, ring)]));
}

/** One client request at node a, every message delivered FIFO; returns the client's reply. */
function kvRequest(nodes: KvCluster, request: ClientRequest<Uint8Array>, nowMs: number): ClientReply<Uint8Array> | undefined {
  const first = nodes.get('a')!.coordinator.step({ type: 'request', request }, nowMs);
  let reply = first.replies[0];
  const queue: { from: string; to: string; message: QuorumMessage<Uint8Array> }[] = first.send.map((e) => ({ from: 'a', ...e }));
  for (let i = 0; i < queue.length; i++) {
    const { from, to, message } = queue[i]!;
    const node = nodes.get(to)!;
    const out =
      roleOf(message) === 'coordinator'
        ? node.coordinator.step({ type: 'message', from, message }, nowMs)
        : node.replica.step({ type: 'message', from, message }, nowMs);
    if ('replies' in out) reply ??= out.replies[0];
    for (const envelope of out.send) queue.push({ from: to, ...envelope });
  }
  return reply;
}

function naiveRequest(nodes: Map<string, NaiveNode>, first: NaiveEnvelope[]): void {
  const queue = first.slice();
  for (let i = 0; i < queue.length; i++) {
    const { from, to, message } = queue[i]!;
    queue.push(...nodes.get(to)!.receive(from, message));
  }
}

function roundRows(): RatioRow[] {
  const cluster = kvCluster();
  const naive = naiveCluster();
  let now = 1_000;
  let n = 0;
  const key = () => keys[n++ % keys.length]!;
  for (const k of keys) kvRequest(cluster, { requestId: `seed-${k}`, op: 'put', key: k, value, w: 'all' }, now);
  for (const k of keys) naiveRequest(naive, naive.get('a')!.put(k, value, 3, now));

  let inserted = 0;
  let insertCluster = kvCluster();
  let insertNaive = naiveCluster();
  const insertKv = () => {
    for (let i = 0; i < loops; i++, inserted++) {
      if (inserted % insertsPerCluster === 0) insertCluster = kvCluster();
      sink += kvRequest(insertCluster, { requestId: `i${inserted}`, op: 'put', key: `new:${inserted}`, value, w: 2 }, ++now) ? 1 : 0;
    }
  };
  let insertedNaive = 0;
  const insertPeer = () => {
    for (let i = 0; i < loops; i++, insertedNaive++) {
      if (insertedNaive % insertsPerCluster === 0) insertNaive = naiveCluster();
      naiveRequest(insertNaive, insertNaive.get('a')!.put(`new:${insertedNaive}`, value, 2, ++now));
    }
  };
  // Read-modify-write: get (R = 2), then put with the context the get returned (W = 2).
  const updateKv = () => {
    for (let i = 0; i < loops; i++) {
      const k = key();
      const read = kvRequest(cluster, { requestId: `g${n}`, op: 'get', key: k, r: 2 }, ++now) as GetResult<Uint8Array>;
      sink += kvRequest(cluster, { requestId: `u${n}`, op: 'put', key: k, value, context: read.context, w: 2 }, now) ? 1 : 0;
    }
  };
  const updatePeer = () => {
    for (let i = 0; i < loops; i++) {
      const k = key();
      naiveRequest(naive, naive.get('a')!.get(k, 2));
      naiveRequest(naive, naive.get('a')!.put(k, value, 2, ++now));
    }
  };
  const getKv = () => {
    for (let i = 0; i < loops; i++) sink += kvRequest(cluster, { requestId: `r${n}`, op: 'get', key: key(), r: 2 }, ++now) ? 1 : 0;
  };
  const getPeer = () => {
    for (let i = 0; i < loops; i++) naiveRequest(naive, naive.get('a')!.get(key(), 2));
  };
  const rows = [
    row('insert: put of a new key, N = 3, W = 2', insertKv, insertPeer),
    row('update: get (R = 2) + put with its context (W = 2)', updateKv, updatePeer, 'updates/s'),
    row('get, N = 3, R = 2', getKv, getPeer),
  ];
  return rows;
}

function coordinatorRow(): RatioRow {
  const rng = seededRandom(3);
  const coordinator = new kv.Coordinator<Uint8Array>({ self: 'a', random: { nextU32: () => rng.u32() }, isValue: isBytes });
  coordinator.step({ type: 'view', view: { ring, down: [] } }, 0);
  const naive = new NaiveNode('a', ring);
  let n = 0;
  const dot = { actor: 'b#1', counter: 1 };
  const ours = () => {
    for (let i = 0; i < loops; i++) {
      const key = keys[n++ % keys.length]!;
      const out = coordinator.step({ type: 'request', request: { requestId: `r${n}`, op: 'put', key, value, w: 2 } }, n);
      const coordinate = out.send[0]!.message as CoordinateMessage<Uint8Array>;
      for (const target of coordinate.targets) {
        const ack = { type: 'write-ack', opId: coordinate.opId, outcome: 'stored', reason: null, dot, siblings: 1 } as const;
        sink += coordinator.step({ type: 'message', from: target.node, message: ack }, n).replies.length;
      }
    }
  };
  const theirs = () => {
    for (let i = 0; i < loops; i++) {
      const sends = naive.put(keys[n++ % keys.length]!, value, 2, n);
      for (const { to, message } of sends) naive.receive(to, { type: 'ack', id: (message as { id: number }).id });
    }
  };
  return row('coordinator steps for one put (request + 3 acks), N = 3, W = 2', ours, theirs);
}

function row(name: string, ours: () => void, theirs: () => void, unit = 'requests/s'): RatioRow {
  const peer = measureThroughput(theirs, loops).opsPerSec;
  return { case: name, ours: measureThroughput(ours, loops).opsPerSec, peer, unit, higherIsBetter: true };
}

await runBench(import.meta.url, '@kv/quorum', () => [...roundRows(), coordinatorRow()], (rows) => [
  ratioTable('Requests per second, kv vs naive last-writer-wins (same process, same requests)', 'naive-lww', rows),
]);
if (sink === -1) console.log('unreachable');
