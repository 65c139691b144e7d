// YCSB core workloads A (50 % read / 50 % update) and B (95 / 5), plus "W" (100 % insert) for the
// put-throughput comparison with etcd. Keys are `user` + a zero-padded record number, chosen by
// YCSB's scrambled zipfian (θ = 0.99); values are 1 KB of random (incompressible) bytes. The load
// phase inserts every record once before any measured run.
//
// W writes keys past the loaded records, each once (YCSB's insert), so a put never meets an
// earlier version: in kv a blind put of a key already written adds a sibling (a Dynamo store
// keeps concurrent writes, etcd overwrites), and a zipfian stream of blind puts would measure a
// sibling set growing without bound rather than put throughput.
import type { Random } from './random';
import { seededRandom } from './random';
import { ScrambledZipfianGenerator } from './zipfian';

export type WorkloadName = 'A' | 'B' | 'W';

export const readProportion: Record<WorkloadName, number> = { A: 0.5, B: 0.95, W: 0 };

/** Where W's fresh keys start, past any record count the bench loads. */
const insertKeyBase = 1_000_000_000;

export const workloadTitle: Record<WorkloadName, string> = {
  A: 'YCSB-A 50/50 read/update',
  B: 'YCSB-B 95/5 read/update',
  W: '100 % insert (put of a new key, nothing to supersede)',
};

export interface Op {
  readonly kind: 'read' | 'update';
  readonly key: string;
  /** Set for updates. */
  readonly value?: Uint8Array;
}

/** Record number → key: `user` + 10 zero-padded digits (YCSB's `user` prefix, ordered ids). */
export function keyOf(record: number): string {
  return `user${record.toString().padStart(10, '0')}`;
}

/**
 * Values: 1 KB windows at random offsets into a 4 MiB random pool, so values differ from record
 * to record and compress no better than random bytes, and cost nothing to make in the timed loop
 * (db_bench's RandomGenerator does the same).
 */
export class ValuePool {
  private readonly pool: Uint8Array;

  constructor(
    readonly valueBytes: number,
    private readonly random: Random,
    poolBytes = 4 * 1024 * 1024,
  ) {
    this.pool = random.fill(new Uint8Array(poolBytes + valueBytes));
  }

  next(): Uint8Array {
    const offset = this.random.int(this.pool.length - this.valueBytes);
    return this.pool.subarray(offset, offset + this.valueBytes);
  }
}

export interface WorkloadOptions {
  readonly name: WorkloadName;
  readonly recordCount: number;
  readonly valueBytes: number;
  readonly seed: number;
}

/** The transaction phase: an endless stream of ops with the workload's mix and key distribution. */
export class Workload {
  private readonly random: Random;
  private readonly keys: ScrambledZipfianGenerator;
  private readonly values: ValuePool;
  private readonly readShare: number;
  private inserted = 0;

  constructor(readonly options: WorkloadOptions) {
    this.random = seededRandom(options.seed);
    this.keys = new ScrambledZipfianGenerator(options.recordCount, seededRandom(options.seed ^ 0x5a5a));
    this.values = new ValuePool(options.valueBytes, seededRandom(options.seed ^ 0xa5a5));
    this.readShare = readProportion[options.name];
  }

  next(): Op {
    if (this.options.name === 'W') return { kind: 'update', key: keyOf(insertKeyBase + this.inserted++), value: this.values.next() };
    const key = keyOf(this.keys.next());
    if (this.random.next() < this.readShare) return { kind: 'read', key };
    return { kind: 'update', key, value: this.values.next() };
  }
}

/** The load phase: every record once, in order, as inserts (YCSB `load`). */
export function* loadOps(recordCount: number, valueBytes: number, seed: number): Generator<Op> {
  const values = new ValuePool(valueBytes, seededRandom(seed ^ 0x10ad));
  for (let record = 0; record < recordCount; record++) {
    yield { kind: 'update', key: keyOf(record), value: values.next() };
  }
}
