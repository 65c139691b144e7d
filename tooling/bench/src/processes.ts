// Child processes of the bench: every server it starts (echo, etcd members, kv nodes through
// startLocalCluster) is a descendant of this process. They are stopped at the end, and also
// on an error, Ctrl-C or SIGTERM: cleanups registered here run first (gracefully), then every
// remaining descendant found in /proc is killed by pid, so nothing outlives the run.
// The same /proc walk measures the CPU the servers used during a run.
import { readFileSync, readdirSync } from 'node:fs';

type Cleanup = () => Promise<void> | void;
const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

/** Registers a cleanup; returns a function that unregisters it (once it has run normally). */
export function onCleanup(cleanup: Cleanup): () => void {
  cleanups.push(cleanup);
  return () => {
    const i = cleanups.indexOf(cleanup);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every cleanup (last registered first), then kills any descendant still alive. */
export function cleanupAll(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const cleanup = cleanups.pop() as Cleanup;
      try {
        await Promise.race([cleanup(), new Promise((resolve) => setTimeout(resolve, 10_000))]);
      } catch (error) {
        console.error('cleanup failed:', error);
      }
    }
    killDescendants('SIGKILL');
  })();
  return cleaning;
}

/** Installs the signal and exit handlers once. */
export function installCleanupHandlers(): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    console.error(`\n${signal}: stopping every process the bench started…`);
    void cleanupAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  // Last resort (process.exit or a crash): synchronous kill of whatever is left.
  process.once('exit', () => killDescendants('SIGKILL'));
}

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, ms. */
  readonly cpuMs: number;
}

function readStat(pid: number): ProcStat | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name (which may contain spaces).
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return { pid, ppid, cpuMs: (utime + stime) * 10 }; // USER_HZ = 100
  } catch {
    return undefined;
  }
}

/** Every live descendant of this process (children, grandchildren…). Empty off Linux. */
export function descendants(): ProcStat[] {
  let pids: number[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return [];
  }
  const stats = pids.map(readStat).filter((s): s is ProcStat => s !== undefined);
  const byParent = new Map<number, ProcStat[]>();
  for (const s of stats) byParent.set(s.ppid, [...(byParent.get(s.ppid) ?? []), s]);
  const out: ProcStat[] = [];
  const queue = [process.pid];
  while (queue.length > 0) {
    for (const child of byParent.get(queue.shift() as number) ?? []) {
      out.push(child);
      queue.push(child.pid);
    }
  }
  return out;
}

export function killDescendants(signal: NodeJS.Signals): void {
  for (const { pid } of descendants()) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** CPU ms used so far by the live descendants, per pid (a process that exits is not counted). */
export function descendantCpu(): Map<number, number> {
  return new Map(descendants().map((s) => [s.pid, s.cpuMs]));
}

/** CPU ms the descendants used between two `descendantCpu()` snapshots. */
export function cpuMsBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}
