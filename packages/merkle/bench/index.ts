// @kv/merkle benchmark (pnpm bench; never part of the tests). Method and results: README.md here.
//  1. Bytes to find the differing keys between two 1 M-key replicas differing in 0.1 %, 1 % and
//     10 % of keys — tree levels plus both sides' entry lists of the differing segments — against
//     the peer "send every (key, digest) pair", for several tree shapes (to choose the default).
//  2. Build a 1 M-key tree, and incremental updates, against merkletreejs over the same leaves.
import { createHash } from 'node:crypto';
import { cpus } from 'node:os';
import type { RatioRow } from '@kv/bench-kit';
import { loadLine, measureThroughput, ratioTable, waitForQuietMachine, withLoadReport } from '@kv/bench-kit';
import { xxHash32 } from 'js-xxhash';
import { MerkleTree as PeerTree } from 'merkletreejs';
import type { TreeShape } from '../src/index';
import { MerkleTree, decodeEntries, diffEntries, diffTrees, encodeEntries, entriesInSegments, merkleDefaults } from '../src/index';
import { LANE0_SEED, LANE1_SEED } from '../src/entry-hash';
import type { Replica } from './replicas';
import { KEY_COUNT, baseReplica, digestInto, diverge, entriesOf, fill, keyOf } from './replicas';

const FRACTIONS = [0.001, 0.01, 0.1];
const SHAPES: TreeShape[] = [
  { fanout: 16, depth: 4 }, // 2^16 leaves
  { fanout: 256, depth: 2 },
  { fanout: 4, depth: 9 }, // 2^18
  { fanout: 8, depth: 6 },
  { fanout: 64, depth: 3 },
  { fanout: 4, depth: 10 }, // 2^20
  { fanout: 16, depth: 5 },
  { fanout: 1024, depth: 2 }, // Riak Tictac's 1024 × 1024
];

const MiB = 1024 * 1024;
const fmt = (n: number, digits = 0): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const shapeName = (shape: TreeShape): string => `${shape.fanout}×${shape.depth}`;
const nowMs = (): number => Number(process.hrtime.bigint()) / 1e6;

interface FlowResult {
  readonly differing: number;
  readonly leaves: number;
  readonly messages: number;
  readonly treeBytes: number;
  readonly entryBytes: number;
  /** Bytes of A's entry list alone: enough for B to find every differing key. */
  readonly entryBytesA: number;
  readonly totalBytes: number;
  readonly ms: number;
}

/** The whole anti-entropy flow between A and B; checks it finds every differing key. */
function flow(a: Replica, treeA: MerkleTree, fraction: number, seed: number): FlowResult {
  const treeB = treeA.clone();
  const { replica: b, differing } = diverge(a, Math.round(fraction * KEY_COUNT), treeB, seed);
  const start = nowMs();
  const tree = diffTrees(treeA, treeB);
  const listA = encodeEntries(entriesInSegments(entriesOf(a), tree.leaves, treeA.shape));
  const listB = encodeEntries(entriesInSegments(entriesOf(b), tree.leaves, treeB.shape));
  const diff = diffEntries(decodeEntries(listB), decodeEntries(listA));
  const ms = nowMs() - start;
  const found = diff.different.length + diff.missingLocal.length + diff.missingRemote.length;
  if (found !== differing) throw new Error(`found ${found} differing keys, want ${differing}`);
  const entryBytes = listA.length + listB.length;
  const totalBytes = tree.bytesExchanged + entryBytes;
  const { leaves, messages, bytesExchanged: treeBytes } = tree;
  return { differing, leaves: leaves.length, messages, treeBytes, entryBytes, entryBytesA: listA.length, totalBytes, ms };
}

/** Bytes of the peer: one replica sends every (key, digest) pair (entry lists of 100 k entries). */
function fullListBytes(a: Replica): number {
  let bytes = 0;
  let chunk: { key: string; digest: Uint8Array }[] = [];
  for (const entry of entriesOf(a)) {
    chunk.push(entry as { key: string; digest: Uint8Array });
    if (chunk.length === 100_000) {
      bytes += encodeEntries(chunk).length;
      chunk = [];
    }
  }
  return bytes + (chunk.length > 0 ? encodeEntries(chunk).length : 0);
}

function bytesSection(a: Replica, peerBytes: number): RatioRow[] {
  console.log('\n### Shapes: bytes per differing key (tree levels + both entry lists), 1 M keys\n');
  console.log('| shape | leaves | hash memory per tree | messages | 0.1 % | 1 % | 10 % |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  const rows: RatioRow[] = [];
  let detail: string[] = [];
  for (const shape of SHAPES) {
    const treeA = fill(MerkleTree.create(shape), a);
    const results = FRACTIONS.map((fraction, i) => flow(a, treeA, fraction, 1000 + i));
    const perKey = results.map((r) => fmt(r.totalBytes / r.differing));
    console.log(
      `| ${shapeName(shape)} | ${fmt(treeA.leaves)} | ${fmt(treeA.hashBytes / MiB, 2)} MiB | ${results[0]?.messages ?? 0} | ${perKey.join(' | ')} |`,
    );
    if (shape.fanout === merkleDefaults.shape.fanout && shape.depth === merkleDefaults.shape.depth) {
      detail = results.map((r, i) => {
        const oneWay = r.treeBytes + r.entryBytesA;
        const cells = [`${(FRACTIONS[i] ?? 0) * 100} %`, fmt(r.differing), fmt(r.leaves), String(r.messages), fmt(r.treeBytes)];
        cells.push(fmt(r.entryBytes), fmt(r.totalBytes), fmt(r.totalBytes / r.differing), `${fmt(peerBytes / r.totalBytes, 1)}×`);
        cells.push(fmt(oneWay), `${fmt(peerBytes / oneWay, 1)}×`, fmt(r.ms));
        return `| ${cells.join(' | ')} |`;
      });
      results.forEach((r, i) =>
        rows.push({ case: `${(FRACTIONS[i] ?? 0) * 100} % of 1 M differ`, ours: r.totalBytes, peer: peerBytes, unit: 'bytes', higherIsBetter: false }),
      );
    }
  }
  console.log(`\n### Default shape ${shapeName(merkleDefaults.shape)}: bytes to find the differing keys among 1 M keys\n`);
  console.log(`send-every-pair peer: ${fmt(peerBytes)} bytes. "both lists": tree + A's and B's entry lists; "A's list": tree + A's list only.\n`);
  console.log('| differing | keys | leaves | messages | tree bytes | both entry lists | total | bytes per differing key | vs peer | total, A\'s list only | vs peer | ms |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const line of detail) console.log(line);
  return rows;
}

/** merkletreejs's hashFn over the same 64-bit xxHash32 pair our tree uses. */
function xxh64Pair(data: Buffer): Buffer {
  const out = Buffer.allocUnsafe(8);
  out.writeUInt32LE(xxHash32(data, LANE0_SEED), 0);
  out.writeUInt32LE(xxHash32(data, LANE1_SEED), 4);
  return out;
}

function sha256(data: Buffer): Buffer {
  return createHash('sha256').update(data).digest();
}

const ONCE = { warmupMs: 1, minMs: 1, rounds: 3 } as const;

function buildSection(a: Replica): RatioRow[] {
  const keys = Array.from({ length: KEY_COUNT }, (_, i) => keyOf(i));
  const digests = Array.from({ length: KEY_COUNT }, (_, i) => Buffer.from(digestInto(i, a[i] ?? 1, new Uint8Array(8))));
  const ours = measureThroughput(() => {
    const tree = MerkleTree.create();
    for (let i = 0; i < KEY_COUNT; i++) tree.insert(keys[i] ?? '', digests[i] ?? Buffer.alloc(8));
  }, KEY_COUNT, { warmupMs: 500, minMs: 1500, rounds: 3 });
  const peerBuild = (hashFn: (data: Buffer) => Buffer) => (): PeerTree => {
    const leaves = keys.map((key, i) => hashFn(Buffer.concat([Buffer.from(key), digests[i] ?? Buffer.alloc(8)])));
    return new PeerTree(leaves, hashFn);
  };
  const peerXxh = measureThroughput(peerBuild(xxh64Pair), KEY_COUNT, ONCE);
  const peerSha = measureThroughput(peerBuild(sha256), KEY_COUNT, ONCE);
  console.log(
    `\nbuild 1 M keys: kv ${fmt(ours.opsPerSec)} keys/s (${fmt((KEY_COUNT / ours.opsPerSec) * 1000)} ms), ` +
      `merkletreejs+xxHash32×2 ${fmt(peerXxh.opsPerSec)} keys/s, merkletreejs+sha256 (node:crypto) ${fmt(peerSha.opsPerSec)} keys/s`,
  );
  return [
    { case: 'build 1 M-key tree (peer hash: xxHash32×2)', ours: ours.opsPerSec, peer: peerXxh.opsPerSec, unit: 'keys/s', higherIsBetter: true },
    { case: 'build 1 M-key tree (peer hash: sha256)', ours: ours.opsPerSec, peer: peerSha.opsPerSec, unit: 'keys/s', higherIsBetter: true },
  ];
}

/** update(key, old, new) on a full 1 M-key tree of `shape`, cycling through keys. */
function updateRate(a: Replica, shape: TreeShape): number {
  const tree = fill(MerkleTree.create(shape), a);
  const versions = a.slice();
  const oldDigest = new Uint8Array(8);
  const newDigest = new Uint8Array(8);
  let next = 0;
  return measureThroughput(() => {
    for (let n = 0; n < 1000; n++) {
      const index = (next = (next + 7919) % KEY_COUNT);
      const version = versions[index] ?? 1;
      const bumped = version === 255 ? 1 : version + 1;
      tree.update(keyOf(index), digestInto(index, version, oldDigest), digestInto(index, bumped, newDigest));
      versions[index] = bumped;
    }
  }, 1000).opsPerSec;
}

function updateSection(a: Replica): RatioRow[] {
  console.log('\n### Incremental update, XOR into the leaf and every ancestor (1 M keys in the tree)\n');
  console.log('| shape | depth | updates/s |');
  console.log('|---|---:|---:|');
  let ours = 0;
  for (const shape of [{ fanout: 1024, depth: 2 }, merkleDefaults.shape, { fanout: 2, depth: 18 }]) {
    const rate = updateRate(a, shape);
    if (shape === merkleDefaults.shape) ours = rate;
    console.log(`| ${shapeName(shape)} | ${shape.depth} | ${fmt(rate)} |`);
  }
  const leaves = Array.from({ length: KEY_COUNT }, (_, i) => xxh64Pair(Buffer.concat([Buffer.from(keyOf(i)), Buffer.from(digestInto(i, 1, new Uint8Array(8)))])));
  const peerTree = new PeerTree(leaves, xxh64Pair);
  let version = 2;
  const peer = measureThroughput(() => {
    const leaf = xxh64Pair(Buffer.concat([Buffer.from(keyOf(5)), Buffer.from(digestInto(5, version++, new Uint8Array(8)))]));
    peerTree.updateLeaf(5, leaf); // merkletreejs rebuilds every layer on updateLeaf
  }, 1, ONCE);
  return [{ case: 'update one key in a 1 M-key tree', ours, peer: peer.opsPerSec, unit: 'updates/s', higherIsBetter: true }];
}

async function main(): Promise<void> {
  await waitForQuietMachine();
  const { result: rows, othersBusyFraction } = await withLoadReport(() => {
    console.log(`@kv/merkle bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`);
    const a = baseReplica(KEY_COUNT / 10);
    const peerBytes = fullListBytes(a);
    console.log(`send-every-pair peer: ${fmt(peerBytes)} bytes for ${fmt(KEY_COUNT)} keys (12-byte keys, 8-byte digests)`);
    const bytes = bytesSection(a, peerBytes);
    const build = buildSection(a);
    const update = updateSection(a);
    return [...bytes, ...build, ...update];
  });
  console.log();
  console.log(ratioTable('@kv/merkle vs peers (bytes: send every pair; speed: merkletreejs 0.6.0)', 'peer', rows));
  const memory = process.memoryUsage();
  console.log(`\nmemory at the end: rss ${fmt(memory.rss / MiB)} MiB, heap used ${fmt(memory.heapUsed / MiB)} MiB`);
  console.log(loadLine(othersBusyFraction));
}

await main();
