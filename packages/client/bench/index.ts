// Benchmarks for @kv/client (CONVENTIONS §10): requests per second through the SDK against the
// same in-process node as a bare ws + cbor-x client run in the same loop (bench/bare-client.ts,
// the floor). Cases: 1 000 gets pipelined in one turn, 1 000 CBOR puts pipelined, and one get
// at a time (a round trip each). Method and results: bench/README.md. Run: `pnpm bench`.
import { ratioTable, runBench } from '@kv/bench-kit';
import type { RatioRow } from '@kv/bench-kit';
import { encodeValue } from '@kv/protocol';
import type * as Client from '../src/index.js';
import { BareClient } from './bare-client.js';
import { startBenchNode } from './bench-node.js';

// The built package, as users run it (a variable specifier keeps tsc off dist, which may not exist yet).
const distEntry = '../dist/index.js';
const { connect } = (await import(distEntry)) as typeof Client;

const batch = 1_000;
const value = { name: 'Ada Lovelace', visits: 42, tags: ['math', 'engines'] };
const keys = Array.from({ length: batch }, (_, i) => `user:${i}`);

/** Warm-up, then the median of three rounds of at least 700 ms (bench-kit's method, for async bodies). */
async function throughput(body: () => Promise<unknown>, opsPerCall: number): Promise<number> {
  const warmEnd = performance.now() + 300;
  while (performance.now() < warmEnd) await body();
  const samples: number[] = [];
  for (let round = 0; round < 3; round++) {
    let calls = 0;
    const start = performance.now();
    while (performance.now() - start < 700) {
      await body();
      calls++;
    }
    samples.push((calls * opsPerCall) / ((performance.now() - start) / 1000));
  }
  return samples.sort((a, b) => a - b)[1] as number;
}

async function rows(url: string): Promise<RatioRow[]> {
  const kv = await connect({ nodes: [url] });
  const bare = await BareClient.connect(url);
  const unit = 'requests/s';
  const sequential = 200;
  const result: RatioRow[] = [
    {
      case: `${batch} gets pipelined in one turn`,
      ours: await throughput(() => Promise.all(keys.map((key) => kv.get(key))), batch),
      peer: await throughput(() => bare.batch(keys.map((key) => ({ t: 'get', key }))), batch),
      unit,
      higherIsBetter: true,
    },
    {
      case: `${batch} puts of a CBOR object pipelined in one turn`,
      ours: await throughput(() => Promise.all(keys.map((key) => kv.put(key, value))), batch),
      peer: await throughput(() => bare.batch(keys.map((key) => ({ t: 'put', key, value: encodeValue(value) }))), batch),
      unit,
      higherIsBetter: true,
    },
    {
      case: 'one get at a time (a round trip each)',
      ours: await throughput(async () => {
        for (let i = 0; i < sequential; i++) await kv.get('user:1');
      }, sequential),
      peer: await throughput(async () => {
        for (let i = 0; i < sequential; i++) await bare.batch([{ t: 'get', key: 'user:1' }]);
      }, sequential),
      unit,
      higherIsBetter: true,
    },
  ];
  bare.close();
  await kv.close();
  return result;
}

await runBench(
  import.meta.url,
  '@kv/client',
  async () => {
    const node = await startBenchNode();
    try {
      return await rows(node.url);
    } finally {
      await node.close();
    }
  },
  (result) => [ratioTable('@kv/client vs a bare ws + cbor-x client (same process, same node)', 'bare ws + cbor-x', result)],
);
