// Data bigger than memory: write 24× the configured memtable + block cache (1 MiB + 1 MiB) to a
// real directory, measuring the heap (plus ArrayBuffer memory) after a full GC as the data grows,
// and read every key back. Memory must stay flat while the data on disk grows: what is cold lives
// only in SSTables, and what is hot fits the bounded cache.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRandom } from '@kv/test-kit';
import { NodeFileSystem, openLsm } from '../src/index.js';

const memtableBytesMax = 1024 * 1024;
const blockCacheBytes = 1024 * 1024;
const valueBytes = 1024;
const keys = (24 * (memtableBytesMax + blockCacheBytes)) / valueBytes; // 49,152 keys, 48 MiB of values

/** A value derived from its key: half random bytes, half repeated (db_bench's 50 % compressible). */
function valueFor(i: number): Uint8Array {
  const rnd = seededRandom(i);
  const v = new Uint8Array(valueBytes);
  for (let j = 0; j < valueBytes / 2; j++) v[j] = rnd.int(256);
  v.copyWithin(valueBytes / 2, 0, valueBytes / 2);
  return v;
}

const keyFor = (i: number): string => `key-${String(i).padStart(8, '0')}`;

/**
 * Heap + ArrayBuffer bytes after full collections. V8 frees ArrayBuffer backing stores on a
 * background sweeper, so take the least of a few readings a moment apart.
 */
async function memoryInUse(): Promise<number> {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    await new Promise((resolve) => setTimeout(resolve, 20));
    const m = process.memoryUsage();
    least = Math.min(least, m.heapUsed + m.arrayBuffers);
  }
  return least;
}

describe('bigger than memory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kv-lsm-big-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps memory flat while writing 24× memtable + cache, and reads every key back', async () => {
    expect((globalThis as { gc?: unknown }).gc).toBeTypeOf('function');
    // Flushes and compactions on the event loop (not the worker threads), so every byte the engine
    // holds is in the heap measured here.
    const db = await openLsm(dir, { fs: new NodeFileSystem(), memtableBytesMax, blockCacheBytes, syncPolicy: 'never', backgroundThreads: false });
    const order = seededRandom(1).shuffle(Array.from({ length: keys }, (_, i) => i));
    const samples: { written: number; memory: number }[] = [];
    const busy: number[] = [];
    for (let start = 0; start < keys; start += 256) {
      await db.batch(order.slice(start, start + 256).map((i) => ({ type: 'put' as const, key: keyFor(i), value: valueFor(i) })));
      if ((start / 256) % 48 === 47) {
        // Busy: whatever flush or compaction is running right now holds its blocks and buffers.
        busy.push(await memoryInUse());
        // Quiet: the steady state, once background work has caught up.
        await db.waitForIdle();
        samples.push({ written: (start + 256) * valueBytes, memory: await memoryInUse() });
      }
    }
    await db.flush();
    const stats = db.stats();
    expect(stats.tableBytes).toBeGreaterThan(10 * (memtableBytesMax + blockCacheBytes));

    // From the first sample to the last, the data written grows by ~36 MiB; memory must not follow.
    // The bound: the memtables (active + 2 sealed), the cache, and slack for what a running
    // flush or compaction holds at that instant (blocks, an output buffer).
    const first = samples[0]!;
    const last = samples[samples.length - 1]!;
    const wroteBytes = last.written - first.written;
    const boundBytes = 2 * (memtableBytesMax + blockCacheBytes);
    expect(wroteBytes).toBeGreaterThan(30 * 1024 * 1024);
    for (const s of samples) expect(s.memory - first.memory).toBeLessThan(boundBytes);
    // While work runs: the sealed memtables being flushed and a compaction's buffers, still bounded.
    for (const m of busy) expect(m - first.memory).toBeLessThan(boundBytes + 3 * memtableBytesMax + 16 * 1024 * 1024);

    let wrong = 0;
    for (let i = 0; i < keys; i++) {
      const v = db.getSync(keyFor(i));
      if (v === undefined || Buffer.compare(v, valueFor(i)) !== 0) wrong++;
    }
    expect(wrong).toBe(0);
    await db.waitForIdle();
    const afterReads = await memoryInUse();
    expect(afterReads - first.memory).toBeLessThan(boundBytes);
    expect(db.stats().blockCache.bytes).toBeLessThanOrEqual(blockCacheBytes);
    console.log(
      `bigger than memory: wrote ${(last.written / 2 ** 20).toFixed(0)} MiB of values (${(stats.tableBytes / 2 ** 20).toFixed(1)} MiB of tables); ` +
        `memory at rest ${(first.memory / 2 ** 20).toFixed(1)} → ${(last.memory / 2 ** 20).toFixed(1)} MiB while writing ` +
        `(busy at most ${(Math.max(...busy) / 2 ** 20).toFixed(1)} MiB), ` +
        `${(afterReads / 2 ** 20).toFixed(1)} MiB after reading all ${keys} keys back`,
    );
    await db.close();
  }, 120_000);
});
