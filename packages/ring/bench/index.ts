// Benchmark: preference-list lookups per second (string keys, n = 3) for @kv/ring against
// the peer `hashring` (ketama-style, `ring.range(key, 3)`) in the same process, at 5, 20
// and 100 nodes; plus ring build time. Method and results: bench/README.md.
// Run with `pnpm bench`; never part of the test suite.
import { cpus } from 'node:os';
import type { RatioRow } from '@kv/bench-kit';
import { loadLine, measureThroughput, ratioTable, saveResults, waitForQuietMachine, withLoadReport } from '@kv/bench-kit';
import HashRing from 'hashring';
import { createRing, hashKey } from '../src/index';

const replicas = 3;
const keyCount = 100_000; // working set: larger than hashring's 5 000-entry LRU (which range() does not use anyway)
const batch = 1_000;
const keys = Array.from({ length: keyCount }, (_, i) => `user:${i}:profile`);
const keyBytes = keys.map((key) => new TextEncoder().encode(key));
let sink = 0; // keeps results alive so no call is optimised away

function idsOf(nodes: number): string[] {
  return Array.from({ length: nodes }, (_, i) => `10.0.${i >> 8}.${i & 255}:7000`);
}

/** Lookups/s of `lookup` over the key set, `batch` keys per timed call. */
function lookupsPerSec(lookup: (key: string) => readonly string[]): number {
  let cursor = 0;
  return measureThroughput(() => {
    for (let i = 0; i < batch; i++) {
      sink += lookup(keys[cursor]!).length;
      cursor = cursor + 1 === keyCount ? 0 : cursor + 1;
    }
  }, batch).opsPerSec;
}

/** Median milliseconds of `build` over `runs` runs (after one warm-up run). */
function buildMs(build: () => unknown, runs = 7): number {
  build();
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    sink += build() === undefined ? 0 : 1;
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  samples.sort((a, b) => a - b);
  return samples[runs >> 1]!;
}

function run(): { lookups: RatioRow[]; builds: RatioRow[]; notes: string[] } {
  const lookups: RatioRow[] = [];
  const builds: RatioRow[] = [];
  const notes: string[] = [];
  for (const nodes of [5, 20, 100]) {
    const ids = idsOf(nodes);
    const ring = createRing(ids.map((id) => ({ id })));
    const peer = new HashRing(ids);
    // Same answers' shape: n distinct nodes.
    if (ring.preferenceList(keys[0]!, replicas).length !== Math.min(replicas, nodes)) throw new Error('kv lookup broken');
    if (peer.range(keys[0]!, replicas).length !== Math.min(replicas, nodes)) throw new Error('hashring lookup broken');
    const ours = lookupsPerSec((key) => ring.preferenceList(key, replicas));
    const theirs = lookupsPerSec((key) => peer.range(key, replicas));
    lookups.push({ case: `${nodes} nodes, n = ${replicas}`, ours, peer: theirs, unit: 'lookups/s', higherIsBetter: true });
  }
  for (const nodes of [20, 100]) {
    const ids = idsOf(nodes);
    const members = ids.map((id) => ({ id }));
    const ours = buildMs(() => createRing(members));
    const theirs = buildMs(() => new HashRing(ids));
    builds.push({ case: `build, ${nodes} nodes`, ours, peer: theirs, unit: 'ms', higherIsBetter: false });
  }
  const fresh = createRing(idsOf(100).map((id) => ({ id })));
  const fillStart = process.hrtime.bigint();
  sink += fresh.ranges(replicas).length; // computes the n = 3 list of every token
  notes.push(`preference cache fill, 100 nodes (${fresh.tokenCount} tokens), n = 3: ${(Number(process.hrtime.bigint() - fillStart) / 1e6).toFixed(0)} ms (once per ring)`);
  const hashStrings = measureThroughput(() => {
    for (let i = 0; i < batch; i++) sink += hashKey(keys[i]!);
  }, batch).opsPerSec;
  const hashBytes = measureThroughput(() => {
    for (let i = 0; i < batch; i++) sink += hashKey(keyBytes[i]!);
  }, batch).opsPerSec;
  notes.push(`hashKey ("user:<i>:profile", ~15 bytes): ${(hashStrings / 1e6).toFixed(2)} M/s as strings, ${(hashBytes / 1e6).toFixed(2)} M/s as bytes`);
  return { lookups, builds, notes };
}

async function main(): Promise<void> {
  await waitForQuietMachine();
  const { result, othersBusyFraction } = await withLoadReport(run);
  const lines = [
    `@kv/ring bench — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? 'unknown'})`,
    'kv: default 2048 tokens per node; hashring 3.2.0: 40 vnodes × 4 = 160 points per node, MD5',
    '',
    ratioTable('Preference-list lookups (string keys, 100 000-key working set)', 'hashring', result.lookups),
    '',
    ratioTable('Ring build time (median of 7)', 'hashring', result.builds),
    '',
    ...result.notes,
    loadLine(othersBusyFraction),
  ];
  console.log(lines.join('\n'));
  saveResults(import.meta.url, { 'latest.json': JSON.stringify({ ...result, othersBusyFraction, sink }, null, 2) });
}

await main();
