// Timing loops for micro-benchmarks: run a body for a minimum time after a warm-up and report
// operations per second. Peers run through the same loop in the same process.
export interface Throughput {
  readonly ops: number;
  readonly seconds: number;
  readonly opsPerSec: number;
}

function nowSec(): number {
  return Number(process.hrtime.bigint()) / 1e9;
}

/**
 * Calls `body()` repeatedly; each call performs `opsPerCall` operations. Warms up for
 * `warmupMs`, then measures for at least `minMs`. Returns the median of `rounds` rounds.
 */
export function measureThroughput(
  body: () => void,
  opsPerCall: number,
  options: { readonly warmupMs?: number; readonly minMs?: number; readonly rounds?: number } = {},
): Throughput {
  const warmupSec = (options.warmupMs ?? 300) / 1000;
  const minSec = (options.minMs ?? 700) / 1000;
  const rounds = options.rounds ?? 3;
  const warmEnd = nowSec() + warmupSec;
  while (nowSec() < warmEnd) body();
  const samples: Throughput[] = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const start = nowSec();
    let elapsed = 0;
    while (elapsed < minSec) {
      body();
      calls++;
      elapsed = nowSec() - start;
    }
    const ops = calls * opsPerCall;
    samples.push({ ops, seconds: elapsed, opsPerSec: ops / elapsed });
  }
  samples.sort((a, b) => a.opsPerSec - b.opsPerSec);
  const median = samples[Math.floor(samples.length / 2)];
  if (median === undefined) throw new Error('measureThroughput: rounds must be ≥ 1');
  return median;
}
