// Power loss at every write/fsync boundary (leveldb's fault_injection_test): run a write sequence
// under `syncPolicy: 'always'` on the in-memory file system, kill the "process" at boundary k for
// every k, cut the power (unsynced bytes dropped, or a random prefix kept: a torn write), reopen,
// and check that every acknowledged write is there and the one write in flight is all or nothing.
// The memtable is tiny so the sequence also crosses flushes, a compaction and log rotations.

import { describe, expect, it } from 'vitest';
import { seededRandom } from '@kv/test-kit';
import { MemoryFileSystem, openLsm, SimulatedCrashError } from '../src/index.js';
import type { BatchOperation, Lsm, LsmOptions } from '../src/index.js';

type Op = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };
type Write = Op[];

const options = (fs: MemoryFileSystem): LsmOptions => ({
  fs,
  syncPolicy: 'always',
  memtableBytesMax: 1024,
  tableBytesTarget: 2048,
  level0CompactionTrigger: 2,
  level1BytesTarget: 4096,
  blockBytesTarget: 256,
});

function workload(seed: number, writes: number): Write[] {
  const rnd = seededRandom(seed);
  const out: Write[] = [];
  for (let i = 0; i < writes; i++) {
    const n = rnd.int(4) === 0 ? 2 + rnd.int(5) : 1;
    const w: Op[] = [];
    for (let j = 0; j < n; j++) {
      const key = `key-${rnd.int(40)}`;
      w.push(rnd.int(5) === 0 ? { type: 'del', key } : { type: 'put', key, value: `v${i}.${j}-${'x'.repeat(rnd.int(61))}` });
    }
    out.push(w);
  }
  return out;
}

function apply(model: Map<string, string>, w: Write): void {
  for (const op of w) {
    if (op.type === 'put') model.set(op.key, op.value);
    else model.delete(op.key);
  }
}

/** Runs the workload until the file system dies; returns how many writes were acknowledged. */
async function runUntilCrash(fs: MemoryFileSystem, writes: Write[]): Promise<number> {
  let acked = 0;
  let db: Lsm | undefined;
  try {
    db = await openLsm('/db', options(fs));
    for (const w of writes) {
      if (w.length === 1 && w[0]!.type === 'put') await db.put(w[0]!.key, w[0]!.value);
      else if (w.length === 1) await db.del(w[0]!.key);
      else await db.batch(w as BatchOperation[]);
      acked++;
    }
    await db.close();
  } catch (error) {
    if (!isCrash(error)) throw error;
  }
  return acked;
}

function isCrash(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof SimulatedCrashError) return true;
  return false;
}

async function readAll(db: Lsm): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const [k, v] of db.iterator()) out.set(new TextDecoder().decode(k), new TextDecoder().decode(v));
  return out;
}

describe('power loss at every write/fsync boundary (syncPolicy always)', () => {
  const writes = workload(7, 90);

  it('loses no acknowledged write and never shows half a batch', async () => {
    const probe = new MemoryFileSystem();
    probe.crashAfterOps(Number.MAX_SAFE_INTEGER);
    expect(await runUntilCrash(probe, writes)).toBe(writes.length);
    const boundaries = probe.opsCount;
    expect(boundaries).toBeGreaterThan(writes.length * 2);
    // The sequence crossed flushes and compactions: tables sit below level 0.
    const whole = await openLsm('/db', options(probe));
    expect(whole.stats().levels.slice(1).some((l) => l.files > 0)).toBe(true);
    await whole.close();

    let checked = 0;
    let tornSeen = 0;
    for (let k = 0; k <= boundaries; k++) {
      const fs = new MemoryFileSystem();
      fs.crashAfterOps(k);
      const acked = await runUntilCrash(fs, writes);
      const rnd = seededRandom(k);
      const after = fs.crash({ tornTail: k % 2 === 0 ? 'drop' : 'keep-prefix', random: () => rnd.next() });
      const db = await openLsm('/db', options(after));
      const seen = await readAll(db);
      tornSeen += db.stats().recovery.tornTailBytes > 0 ? 1 : 0;
      const before = new Map<string, string>();
      for (const w of writes.slice(0, acked)) apply(before, w);
      const withInFlight = new Map(before);
      if (acked < writes.length) apply(withInFlight, writes[acked]!);
      const matches = (m: Map<string, string>) => m.size === seen.size && [...m].every(([key, v]) => seen.get(key) === v);
      if (!matches(before) && !matches(withInFlight)) {
        throw new Error(`crash at boundary ${k}: acked ${acked} writes, store holds ${JSON.stringify([...seen])}`);
      }
      // The reopened store takes writes and survives a clean reopen.
      await db.put('after-crash', 'ok');
      await db.close();
      const again = await openLsm('/db', options(after));
      expect(new TextDecoder().decode((await again.get('after-crash'))!)).toBe('ok');
      await again.close();
      checked++;
    }
    expect(checked).toBe(boundaries + 1);
    expect(tornSeen).toBeGreaterThan(0);
  }, 240_000);
});
