// Model-based test (CONVENTIONS.md §4): random sequences of put, del, batch, get, getMany, scans
// (ranges, reverse, limit), iterators that must keep reading their snapshot while writes go on,
// flush, compaction, and close + reopen — checked step by step against a plain Map, on the
// in-memory file system and on the real one. Tiny memtables and tables so every run crosses
// flushes, level-0 compactions and deeper levels.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MemoryFileSystem, NodeFileSystem, openLsm } from '../src/index.js';
import type { FileSystem, Lsm, LsmOptions } from '../src/index.js';

interface Real {
  db: Lsm;
  readonly fs: FileSystem;
  readonly dir: string;
}
type Model = Map<string, string>;

const text = new TextDecoder();
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const bytesOf = (h: string): Uint8Array => new Uint8Array(Buffer.from(h, 'hex'));

const tuning: LsmOptions = {
  memtableBytesMax: 400,
  tableBytesTarget: 1024,
  blockBytesTarget: 128,
  level0CompactionTrigger: 2,
  level1BytesTarget: 2048,
  levelSizeMultiplier: 2,
  blockCacheBytes: 4096,
  tablesOpenMax: 4,
  syncPolicy: 'never',
};

// Keys are hex of short byte strings (so byte order = the model's sorted hex order), values strings.
const keyArb = fc.uint8Array({ minLength: 1, maxLength: 3, max: 7 }).map(hex);
const valueArb = fc.string({ maxLength: 40 });

function sortedModel(m: Model, range: { gte?: string; lt?: string }, reverse: boolean, limit: number): [string, string][] {
  let entries = [...m].filter(([k]) => (range.gte === undefined || k >= range.gte) && (range.lt === undefined || k < range.lt));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  if (reverse) entries.reverse();
  if (limit >= 0) entries = entries.slice(0, limit);
  return entries;
}

async function scan(db: Lsm, range: { gte?: string; lt?: string }, reverse: boolean, limit: number): Promise<[string, string][]> {
  const out: [string, string][] = [];
  const it = db.iterator({
    ...(range.gte === undefined ? {} : { gte: bytesOf(range.gte) }),
    ...(range.lt === undefined ? {} : { lt: bytesOf(range.lt) }),
    reverse,
    limit,
  });
  for await (const [k, v] of it) out.push([hex(k), text.decode(v)]);
  return out;
}

const commands = [
  fc.tuple(keyArb, valueArb).map(([k, v]) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      await r.db.put(bytesOf(k), v);
      m.set(k, v);
    },
    toString: () => `put(${k}, ${JSON.stringify(v)})`,
  })),
  keyArb.map((k) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      await r.db.del(bytesOf(k));
      m.delete(k);
    },
    toString: () => `del(${k})`,
  })),
  fc.array(fc.tuple(fc.boolean(), keyArb, valueArb), { minLength: 1, maxLength: 8 }).map((ops) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      await r.db.batch(ops.map(([put, k, v]) => (put ? { type: 'put', key: bytesOf(k), value: v } : { type: 'del', key: bytesOf(k) })));
      for (const [put, k, v] of ops) {
        if (put) m.set(k, v);
        else m.delete(k);
      }
    },
    toString: () => `batch(${ops.length})`,
  })),
  fc.array(keyArb, { minLength: 1, maxLength: 6 }).map((keys) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      for (const k of keys) {
        const got = await r.db.get(bytesOf(k));
        expect(got === undefined ? undefined : text.decode(got), `get(${k})`).toBe(m.get(k));
      }
      const many = await r.db.getMany(keys.map(bytesOf));
      expect(many.map((v) => (v === undefined ? undefined : text.decode(v)))).toEqual(keys.map((k) => m.get(k)));
    },
    toString: () => `get(${keys.join(',')})`,
  })),
  fc.tuple(fc.option(keyArb, { nil: undefined }), fc.option(keyArb, { nil: undefined }), fc.boolean(), fc.integer({ min: -1, max: 12 })).map(
    ([gte, lt, reverse, limit]) => ({
      check: () => true,
      run: async (m: Model, r: Real) => {
        const range = { ...(gte === undefined ? {} : { gte }), ...(lt === undefined ? {} : { lt }) };
        expect(await scan(r.db, range, reverse, limit)).toEqual(sortedModel(m, range, reverse, limit));
      },
      toString: () => `scan(gte=${gte}, lt=${lt}, reverse=${reverse}, limit=${limit})`,
    }),
  ),
  fc.tuple(keyArb, valueArb, fc.boolean()).map(([k, v, reverse]) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      // An iterator and a snapshot read what was there when they were made, whatever happens next.
      const expected = sortedModel(m, {}, reverse, -1);
      const before = m.get(k);
      const it = r.db.iterator({ reverse });
      const snap = r.db.snapshot();
      await r.db.put(bytesOf(k), v);
      await r.db.flush();
      m.set(k, v);
      const seen: [string, string][] = [];
      for await (const [key, value] of it) seen.push([hex(key), text.decode(value)]);
      const old = await r.db.get(bytesOf(k), { snapshot: snap });
      snap.release();
      expect(seen).toEqual(expected);
      expect(old === undefined ? undefined : text.decode(old)).toBe(before);
    },
    toString: () => `snapshotRead(put ${k} during, reverse=${reverse})`,
  })),
  fc.tuple(fc.integer({ min: 0, max: 1_000_000 }), fc.integer({ min: 10, max: 60 })).map(([seed, n]) => ({
    check: () => true,
    run: async (m: Model, r: Real) => {
      // A burst of one-at-a-time writes: grows the tree through flushes and compactions.
      for (let i = 0; i < n; i++) {
        const k = hex(new Uint8Array([(seed + i * 7) % 8, (seed * 31 + i) % 8, i % 5]));
        const v = `burst-${seed}-${i}`.repeat(1 + (i % 3));
        await r.db.put(bytesOf(k), v);
        m.set(k, v);
      }
    },
    toString: () => `burst(${seed}, ${n})`,
  })),
  fc.constant({
    check: () => true,
    run: async (_m: Model, r: Real) => {
      await r.db.flush();
    },
    toString: () => 'flush',
  }),
  fc.constant({
    check: () => true,
    run: async (_m: Model, r: Real) => {
      await r.db.compactRange();
    },
    toString: () => 'compact',
  }),
  fc.constant({
    check: () => true,
    run: async (m: Model, r: Real) => {
      await r.db.close();
      r.db = await openLsm(r.dir, { ...tuning, fs: r.fs });
      expect(await scan(r.db, {}, false, -1)).toEqual(sortedModel(m, {}, false, -1));
    },
    toString: () => 'reopen',
  }),
];

async function runModel(makeSetup: () => Promise<Real>, numRuns: number): Promise<void> {
  await fc.assert(
    fc.asyncProperty(fc.commands(commands, { maxCommands: 80, size: 'max' }), async (cmds) => {
      const real = await makeSetup();
      try {
        await fc.asyncModelRun(() => ({ model: new Map<string, string>(), real }), cmds);
      } finally {
        await real.db.close();
      }
    }),
    { numRuns, seed: 20261125, endOnFailure: true },
  );
}

describe('lsm against a Map model', () => {
  const roots: string[] = [];
  afterAll(() => {
    for (const root of roots) rmSync(root, { recursive: true, force: true });
  });

  it('matches on the in-memory file system', async () => {
    await runModel(async () => {
      const fs = new MemoryFileSystem();
      return { fs, dir: '/db', db: await openLsm('/db', { ...tuning, fs }) };
    }, 120);
  }, 120_000);

  it('matches on the real file system', async () => {
    await runModel(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kv-lsm-model-'));
      roots.push(dir);
      const fs = new NodeFileSystem();
      return { fs, dir, db: await openLsm(dir, { ...tuning, fs }) };
    }, 25);
  }, 120_000);
});
