// Simulation options: the one plain object (CONVENTIONS.md §3) that, with a seed, fixes a whole
// run — cluster shape, workload, network faults (delay, loss, replay, partitions) and node
// crashes. A failing run prints it as JSON so `pnpm sim --seed S --options '<json>'` replays it.
export type PartitionMode = 'none' | 'uniformSize' | 'isolateSingle';
export type PlantedBug = 'none' | 'ackAtWMinusOne' | 'sendBeforePersist' | 'zombieValues';

export interface SimOptions {
  /** Cluster members, 3..50. */
  readonly nodes: number;
  /** Replicas per key (the default keyspace's N). */
  readonly n: number;
  /** Client operations issued in the run. */
  readonly ops: number;
  readonly clients: number;
  /** Distinct keys the workload touches. */
  readonly keys: number;
  /** Share of operations that are deletes (of a key the client has read; the rest of the non-gets are puts). */
  readonly deleteShare: number;
  /** Every message takes at least this long, in ms. */
  readonly delayMsMin: number;
  /** Mean delay in ms: delayMsMin plus an exponential part (so messages reorder). */
  readonly delayMsMean: number;
  readonly lossProbability: number;
  /** Probability that a delivered message is delivered a second time, later. */
  readonly replayProbability: number;
  readonly partitionMode: PartitionMode;
  /** Probability that a partition blocks both directions (else one way only). */
  readonly partitionSymmetry: number;
  /** Whether nodes crash (dropping unsynced data) and restart with a new generation. */
  readonly crashes: boolean;
  /** Mean time between two fault decisions (partition, heal, crash, restart), in ms. */
  readonly faultIntervalMsMean: number;
  /** Most time a group commit (fsync) takes, in ms; sends of a persisting step wait for it. */
  readonly fsyncMsMax: number;
  /** Mean client think time between two operations, in ms. */
  readonly thinkMsMean: number;
  /** Coordinator request timeout, in ms. */
  readonly requestTimeoutMs: number;
  /**
   * A deliberate bug to plant (sim-side), to prove the checkers catch it: `ackAtWMinusOne` (the
   * coordinator acks one write short), `sendBeforePersist` (a caller's loop that ignores
   * `persist`: a Replica's acks leave before the group commit, and a restart reuses the old
   * generation, so a crash can lose an acknowledged write and re-issue its dot — Riak's kv679),
   * `zombieValues` (a replica store that keeps the old set's live values when a set replaces it,
   * so a deleted value comes back: the no-resurrection checker must say so).
   */
  readonly plantedBug: PlantedBug;
  /** Whether every node runs its AntiEntropy core (tree exchanges between replicas). */
  readonly antiEntropy: boolean;
  /** How often each node starts an anti-entropy exchange, in ms. */
  readonly antiEntropyIntervalMs: number;
  /**
   * Anti-entropy purges a tombstone this old once every replica of its group holds it and no
   * node holds a hint for the key (0: never purge).
   */
  readonly tombstoneGraceMs: number;
  /**
   * One node loses its disk during the workload: it crashes, its stores (data and hints) are
   * wiped, and it restarts empty with a new generation; anti-entropy must bring its data back.
   */
  readonly diskLoss: boolean;
  /**
   * Whether the final phase reads every written key at R = all (read repair converges the
   * replicas). Off: the replicas must converge through anti-entropy alone (with anti-entropy off
   * too, nothing converges them: the negative control of the disk-loss scenario).
   */
  readonly finalReads: boolean;
}

export const simDefaults: SimOptions = {
  nodes: 5,
  n: 3,
  ops: 300,
  clients: 4,
  keys: 12,
  deleteShare: 0.12,
  delayMsMin: 1,
  delayMsMean: 8,
  lossProbability: 0.02,
  replayProbability: 0.02,
  partitionMode: 'uniformSize',
  partitionSymmetry: 0.5,
  crashes: true,
  faultIntervalMsMean: 1_500,
  fsyncMsMax: 4,
  thinkMsMean: 60,
  requestTimeoutMs: 1_000,
  plantedBug: 'none',
  // Off by default, so the fault runs prove that the write path and read repair alone converge
  // the replicas; the disk-loss scenario turns it on.
  antiEntropy: false,
  antiEntropyIntervalMs: 1_000,
  tombstoneGraceMs: 0,
  diskLoss: false,
  finalReads: true,
};

/** Defaults overridden by `partial`; throws on unknown keys or out-of-range values. */
export function resolveOptions(partial: Partial<SimOptions> = {}): SimOptions {
  for (const key of Object.keys(partial)) if (!(key in simDefaults)) throw new Error(`unknown option ${key}`);
  const options: SimOptions = { ...simDefaults, ...partial };
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new Error(`bad option: ${what}`);
  };
  check(Number.isInteger(options.nodes) && options.nodes >= 3 && options.nodes <= 50, 'nodes must be 3..50');
  check(Number.isInteger(options.n) && options.n >= 1 && options.n <= Math.min(options.nodes, 16), 'n must be 1..min(nodes,16)');
  check(options.lossProbability >= 0 && options.lossProbability < 1, 'lossProbability in [0,1)');
  check(options.replayProbability >= 0 && options.replayProbability < 1, 'replayProbability in [0,1)');
  check(options.delayMsMin >= 0 && options.delayMsMean >= options.delayMsMin, 'delayMsMean ≥ delayMsMin ≥ 0');
  check(['none', 'uniformSize', 'isolateSingle'].includes(options.partitionMode), 'partitionMode');
  check(['none', 'ackAtWMinusOne', 'sendBeforePersist', 'zombieValues'].includes(options.plantedBug), 'plantedBug');
  check(Number.isSafeInteger(options.antiEntropyIntervalMs) && options.antiEntropyIntervalMs >= 1, 'antiEntropyIntervalMs must be an integer ≥ 1');
  check(options.deleteShare >= 0 && options.deleteShare <= 0.55, 'deleteShare in [0, 0.55]');
  check(Number.isSafeInteger(options.tombstoneGraceMs) && options.tombstoneGraceMs >= 0, 'tombstoneGraceMs must be an integer ≥ 0');
  check(!options.diskLoss || options.n >= 2, 'diskLoss needs n ≥ 2 (a lone replica that loses its disk loses the data)');
  return options;
}
