// Defaults: every tuning knob of the engine with its unit and the reason for its value
// (CONVENTIONS.md §8). `LsmOptions` overrides any of them per store.

/** The engine's tuning knobs (documented, with units, on `defaults` below). */
export interface Tuning {
  memtableBytesMax: number;
  memtablesImmutableMax: number;
  blockCacheBytes: number;
  tablesOpenMax: number;
  blockBytesTarget: number;
  bitsPerKey: number;
  compression: 'lz4' | 'none';
  tableBytesTarget: number;
  level0CompactionTrigger: number;
  level0StallTrigger: number;
  level1BytesTarget: number;
  levelSizeMultiplier: number;
  compactionBytesPerSecond: number;
  syncPolicy: 'always' | 'never' | { readonly intervalMs: number };
  keyBytesMax: number;
  valueBytesMax: number;
  compactionEntriesPerYield: number;
}

export const defaults: Readonly<Tuning> = {
  /** Memtable size that triggers a flush. LevelDB's 4 MiB: big enough to batch, small enough to replay fast. */
  memtableBytesMax: 4 * 1024 * 1024,
  /** Sealed memtables allowed to wait for their flush before writes stall (one flushing, one queued). */
  memtablesImmutableMax: 2,
  /** Block cache capacity. Decompressed data blocks; hot keys stay in memory. */
  blockCacheBytes: 32 * 1024 * 1024,
  /** Open SSTable readers kept (each pins its index and bloom filter): bounds per-table memory. */
  tablesOpenMax: 500,
  /** Uncompressed data block size: one read and one decompression per point lookup miss. */
  blockBytesTarget: 4096,
  /** Bloom filter bits per key: ≈ 1 % false positives (k = 7). */
  bitsPerKey: 10,
  /** Block compression. LZ4: fast enough to decompress on every cache miss (≈ 1.2 GB/s here). */
  compression: 'lz4',
  /** Output SSTable size in compactions; also the unit of a level-≥1 compaction. */
  tableBytesTarget: 2 * 1024 * 1024,
  /** Level-0 table count that starts a compaction into level 1. */
  level0CompactionTrigger: 4,
  /** Level-0 table count at which writes stall until compaction catches up (bounds read amplification). */
  level0StallTrigger: 12,
  /** Level 1's target size; each deeper level is `levelSizeMultiplier` times bigger (LevelDB's 10 MiB × 10). */
  level1BytesTarget: 10 * 1024 * 1024,
  levelSizeMultiplier: 10,
  /** Compaction write budget in bytes per second; Infinity = unthrottled. */
  compactionBytesPerSecond: Number.POSITIVE_INFINITY,
  /** Commit log fsync policy. 100 ms: at most 100 ms of acknowledged writes lost to a power cut (not to a crash). */
  syncPolicy: { intervalMs: 100 },
  /** Largest key, bytes. */
  keyBytesMax: 65_535,
  /** Largest value, bytes (a value lives whole in one memtable and one block). */
  valueBytesMax: 16 * 1024 * 1024,
  /** Entries a compaction merges between yields to the event loop, so foreground reads and writes keep flowing. */
  compactionEntriesPerYield: 2_000,
};
