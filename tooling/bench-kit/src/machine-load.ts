// Machine load: how busy the CPUs are, read from /proc/stat. A benchmark on a shared 2-core
// box waits until the machine is quiet before it starts and reports how much CPU other
// processes used while it ran (shared/notes/measurements.md: a neighbour costs 1.5–3×).
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

interface CpuTimes {
  readonly busyMs: number;
  readonly totalMs: number;
}

function readCpuTimes(): CpuTimes | undefined {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const fields = line.trim().split(/\s+/).slice(1).map(Number);
    const [user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
    const busy = user + nice + system + irq + softirq + steal;
    const ticksToMs = 10; // USER_HZ is 100 on Linux
    return { busyMs: busy * ticksToMs, totalMs: (busy + idle + iowait) * ticksToMs };
  } catch {
    return undefined; // not Linux: no load figures, benchmarks still run
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Fraction of all CPUs busy over the next `windowMs`. */
export async function machineBusyFraction(windowMs = 1000): Promise<number | undefined> {
  const a = readCpuTimes();
  await sleep(windowMs);
  const b = readCpuTimes();
  if (a === undefined || b === undefined || b.totalMs === a.totalMs) return undefined;
  return (b.busyMs - a.busyMs) / (b.totalMs - a.totalMs);
}

export interface QuietOptions {
  /** Busy fraction (0..1) below which the machine counts as quiet. Default 0.15 (measurements.md). */
  readonly busyFractionMax?: number;
  /** Give up waiting after this long and run anyway, saying so. Default 120 s. */
  readonly waitMsMax?: number;
}

/** Waits until the machine is quiet for a one-second window, or until `waitMsMax`. */
export async function waitForQuietMachine(options: QuietOptions = {}): Promise<void> {
  const busyMax = options.busyFractionMax ?? 0.15;
  const deadline = Date.now() + (options.waitMsMax ?? 120_000);
  for (;;) {
    const busy = await machineBusyFraction(1000);
    if (busy === undefined) return;
    if (busy < busyMax) {
      console.log(`machine quiet: ${(busy * 100).toFixed(0)} % busy over 1 s (${cpus().length} CPUs)`);
      return;
    }
    if (Date.now() > deadline) {
      console.log(`machine still ${(busy * 100).toFixed(0)} % busy after waiting; running anyway, figures may be noisy`);
      return;
    }
    console.log(`waiting for a quiet machine: ${(busy * 100).toFixed(0)} % busy`);
  }
}

/**
 * Measures CPU used by other processes while `run` executes: machine busy time minus this
 * process's own CPU time, as a fraction of all CPUs.
 */
export async function withLoadReport<T>(run: () => Promise<T> | T): Promise<{ result: T; othersBusyFraction: number | undefined }> {
  const before = readCpuTimes();
  const ownBefore = process.cpuUsage();
  const result = await run();
  const after = readCpuTimes();
  const own = process.cpuUsage(ownBefore);
  if (before === undefined || after === undefined || after.totalMs === before.totalMs) {
    return { result, othersBusyFraction: undefined };
  }
  const ownMs = (own.user + own.system) / 1000;
  const others = (after.busyMs - before.busyMs - ownMs) / (after.totalMs - before.totalMs);
  return { result, othersBusyFraction: Math.max(0, others) };
}
