// The load generator. Closed loop: `concurrency` workers, each with one op outstanding, start a
// new op as soon as the last one finishes (YCSB's threads); throughput is what the target
// sustains at that concurrency. Open loop: ops are issued at a fixed rate whatever the target
// does, and each latency is measured from the op's *intended* start, so a stall shows up in the
// percentiles instead of silently lowering the rate (no coordinated omission; wrk2's method).
// Latencies go into an HdrHistogram in microseconds; only ops that finish inside the measured
// window (after the warm-up) count.
import { performance } from 'node:perf_hooks';
import * as hdr from 'hdr-histogram-js';
import type { Target } from './target';
import { errorLabel } from './target';
import type { Op } from './workload';

export interface RunResult {
  readonly ops: number;
  readonly reads: number;
  readonly updates: number;
  readonly seconds: number;
  readonly opsPerSec: number;
  readonly updatesPerSec: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly maxMs: number;
  readonly meanMs: number;
  /** Failed ops by error code. */
  readonly errors: Readonly<Record<string, number>>;
  /** Reads that found no value (after the load phase there should be none). */
  readonly notFound: number;
  /** Open loop: the rate asked for, and the most ops outstanding at once. */
  readonly targetRate?: number;
  readonly outstandingMax?: number;
}

export interface WindowOptions {
  readonly warmupMs: number;
  readonly durationMs: number;
}

/** One measured window: counts and latencies of ops that end inside it. */
class Recorder {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  private reads = 0;
  private updates = 0;
  private notFound = 0;
  private readonly errors: Record<string, number> = {};
  readonly start: number;
  readonly end: number;

  constructor(window: WindowOptions, now: number) {
    this.start = now + window.warmupMs;
    this.end = this.start + window.durationMs;
  }

  ok(op: Op, startedAt: number, found: boolean): void {
    const now = performance.now();
    if (now < this.start || now > this.end) return;
    this.histogram.recordValue(Math.max(1, Math.round((now - startedAt) * 1000)));
    if (op.kind === 'read') {
      this.reads++;
      if (!found) this.notFound++;
    } else {
      this.updates++;
    }
  }

  failed(error: unknown): void {
    const now = performance.now();
    if (now < this.start || now > this.end) return;
    const label = errorLabel(error);
    this.errors[label] = (this.errors[label] ?? 0) + 1;
  }

  result(extra: { targetRate?: number; outstandingMax?: number } = {}): RunResult {
    const seconds = (this.end - this.start) / 1000;
    const ms = (us: number): number => us / 1000;
    const h = this.histogram;
    const result: RunResult = {
      ops: this.reads + this.updates,
      reads: this.reads,
      updates: this.updates,
      seconds,
      opsPerSec: (this.reads + this.updates) / seconds,
      updatesPerSec: this.updates / seconds,
      p50Ms: ms(h.getValueAtPercentile(50)),
      p99Ms: ms(h.getValueAtPercentile(99)),
      p999Ms: ms(h.getValueAtPercentile(99.9)),
      maxMs: ms(h.maxValue),
      meanMs: ms(h.mean),
      errors: { ...this.errors },
      notFound: this.notFound,
      ...extra,
    };
    h.destroy();
    return result;
  }
}

function runOp(target: Target, op: Op): Promise<boolean> {
  if (op.kind === 'read') return target.read(op.key);
  return target.update(op.key, op.value ?? new Uint8Array(0)).then(() => true);
}

/** Closed loop: `concurrency` ops outstanding until the window ends. */
export async function runClosedLoop(
  target: Target,
  nextOp: () => Op,
  options: WindowOptions & { readonly concurrency: number },
): Promise<RunResult> {
  const recorder = new Recorder(options, performance.now());
  const worker = async (): Promise<void> => {
    while (performance.now() < recorder.end) {
      const op = nextOp();
      const startedAt = performance.now();
      try {
        recorder.ok(op, startedAt, await runOp(target, op));
      } catch (error) {
        recorder.failed(error);
        await new Promise((resolve) => setImmediate(resolve)); // a failing target must not starve the loop
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return recorder.result();
}

/**
 * Open loop at `opsPerSec`: op i is due at start + i / rate; a 1 ms timer issues whatever is due.
 * At most `outstandingMax` ops are in flight; past that, due ops wait (and their wait counts in
 * their latency).
 */
export async function runOpenLoop(
  target: Target,
  nextOp: () => Op,
  options: WindowOptions & { readonly opsPerSec: number; readonly outstandingMax: number },
): Promise<RunResult> {
  const begin = performance.now();
  const recorder = new Recorder(options, begin);
  const intervalMs = 1000 / options.opsPerSec;
  let issued = 0;
  let outstanding = 0;
  let outstandingPeak = 0;
  let drained: (() => void) | undefined;
  const issue = (intendedAt: number): void => {
    const op = nextOp();
    outstanding++;
    outstandingPeak = Math.max(outstandingPeak, outstanding);
    runOp(target, op).then(
      (found) => recorder.ok(op, intendedAt, found),
      (error: unknown) => recorder.failed(error),
    ).finally(() => {
      outstanding--;
      if (outstanding === 0) drained?.();
    });
  };
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const stopAt = Math.min(now, recorder.end);
      while (begin + issued * intervalMs <= stopAt && outstanding < options.outstandingMax) {
        issue(begin + issued * intervalMs);
        issued++;
      }
      if (now >= recorder.end) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  if (outstanding > 0) await new Promise<void>((resolve) => (drained = resolve));
  return recorder.result({ targetRate: options.opsPerSec, outstandingMax: outstandingPeak });
}

/**
 * The load phase: every op once, `concurrency` at a time (or in the target's own batches). Stops
 * early (complete: false) past `timeLimitMs`, so a slow target cannot hold up the whole run.
 */
export async function runLoad(
  target: Target,
  ops: Iterable<Op>,
  options: { readonly concurrency: number; readonly batch?: number; readonly timeLimitMs: number },
): Promise<{ readonly records: number; readonly seconds: number; readonly errors: Record<string, number>; readonly complete: boolean }> {
  const started = performance.now();
  const deadline = started + options.timeLimitMs;
  let complete = true;
  const iterator = ops[Symbol.iterator]();
  const errors: Record<string, number> = {};
  let records = 0;
  const take = (n: number): Op[] => {
    const out: Op[] = [];
    for (let next = iterator.next(); !next.done; next = iterator.next()) {
      out.push(next.value);
      if (out.length === n) break;
    }
    return out;
  };
  const worker = async (): Promise<void> => {
    for (;;) {
      if (performance.now() > deadline) {
        complete = false;
        return;
      }
      const ops = take(target.loadBatch !== undefined ? (options.batch ?? 1) : 1);
      if (ops.length === 0) return;
      try {
        if (target.loadBatch !== undefined) {
          await target.loadBatch(ops.map((op) => ({ key: op.key, value: op.value ?? new Uint8Array(0) })));
        } else {
          await runOp(target, ops[0] as Op);
        }
        records += ops.length;
      } catch (error) {
        const label = errorLabel(error);
        errors[label] = (errors[label] ?? 0) + ops.length;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { records, seconds: (performance.now() - started) / 1000, errors, complete };
}
