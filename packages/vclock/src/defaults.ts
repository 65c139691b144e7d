// Defaults and limits, one place, each with its unit and the reason for its value. Pruning
// defaults are Riak's bucket defaults (small_vclock, big_vclock, young_vclock, old_vclock);
// limits bound what a decoder accepts from an untrusted client, peer or disk.

export interface PruneDefaults {
  /** Above this many entries, prune oldest first (Riak big_vclock = 50). */
  readonly entriesMax: number;
  /**
   * At or below this many entries never prune; between it and `entriesMax` prune only entries
   * older than `oldMs` (Riak small_vclock = 50 = big_vclock, so by default the band is
   * empty; `pruneClock` defaults it to the `entriesMax` it is given).
   */
  readonly entriesSoftMax: number;
  /**
   * Never prune an entry that advanced less than this long ago (Riak young_vclock = 20 s): an
   * actor that wrote in the last 20 s may still be writing, and pruning it could let its
   * counters be reused (see README, "What pruning costs").
   */
  readonly youngMs: number;
  /** Between `entriesSoftMax` and `entriesMax`, prune entries older than this (Riak old_vclock = 1 day). */
  readonly oldMs: number;
}

export const pruneDefaults: PruneDefaults = {
  entriesMax: 50,
  entriesSoftMax: 50,
  youngMs: 20_000,
  oldMs: 86_400_000,
};

export interface ContextLimits {
  /**
   * Most entries a decoded clock (token or plain data) may hold: 1024 = 20× the pruning
   * default, so only a cluster that disabled pruning can reach it, while a hostile token
   * cannot make the server allocate without bound.
   */
  readonly entriesMax: number;
  /** Longest actor id in UTF-8 bytes: 256 holds a node id plus a generation with room to spare. */
  readonly actorBytesMax: number;
  /**
   * Longest context token in characters, checked before decoding: 32 768 is about 2× the
   * token of a default-pruned clock of 50 entries with 256-byte actors (≈ 17.7 k chars),
   * and still fits an HTTP header.
   */
  readonly tokenCharsMax: number;
}

export const contextLimits: ContextLimits = {
  entriesMax: 1024,
  actorBytesMax: 256,
  tokenCharsMax: 32_768,
};
