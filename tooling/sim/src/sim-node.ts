// Sim node: one simulated kv process — its Gossip, Coordinator and Replica state machines, its
// durable stores and generation, and the timers and held sends the caller's loop keeps for it.
// A crash throws away everything but the disk; a restart builds fresh machines over what the
// disk kept, with a new generation persisted before the node serves (DESIGN.md §4).
import { Gossip } from '@kv/gossip';
import type { Envelope } from '@kv/quorum';
import { AntiEntropy, Coordinator, ObservedReplicaStore, Replica } from '@kv/quorum';
import { seededRandom } from '@kv/test-kit';
import { DurableHintStore, DurableReplicaStore } from './durable-store.js';
import { AckAtWMinusOneCoordinator } from './planted-bug.js';
import type { SimOptions } from './sim-options.js';

const isString = (value: unknown): value is string => typeof value === 'string';

export class SimNode {
  /** Bumped by every crash: timers and fsyncs of an older incarnation are ignored. */
  incarnation = 0;
  /** The generation on disk (node metadata, written before the node serves). */
  generation = 1;
  crashed = false;
  readonly store: DurableReplicaStore;
  readonly hints = new DurableHintStore();
  gossip!: Gossip;
  coordinator!: Coordinator<string>;
  replica!: Replica<string>;
  /** Undefined when the run has anti-entropy off. */
  antiEntropy: AntiEntropy<string> | undefined;
  gossipTimerAtMs: number | undefined;
  readonly quorumTimers = new Map<string, number>();
  /** Sends waiting for the pending group commit (persist, then send). */
  held: Envelope<string>[] = [];
  fsyncPending = false;
  /** A targeted fault: crash right after the next step that asks for persist, before its fsync. */
  crashAtNextPersist = false;
  /** The `down` list last given to the quorum machines, joined; undefined before the first view. */
  viewKey: string | undefined;

  constructor(
    readonly id: string,
    private readonly options: SimOptions,
    private readonly seeds: readonly string[],
  ) {
    this.store = new DurableReplicaStore(options.plantedBug === 'zombieValues');
  }

  /** Builds fresh state machines for the current generation from `entropy`. */
  boot(entropy: number): void {
    const random = seededRandom(entropy);
    const nextU32 = (): number => random.u32();
    const { n, requestTimeoutMs, plantedBug } = this.options;
    this.gossip = new Gossip({ id: this.id, address: this.id, generation: this.generation }, { seeds: this.seeds }, { nextU32 });
    const config = { self: this.id, random: { nextU32 }, isValue: isString, n, requestTimeoutMs };
    this.coordinator = plantedBug === 'ackAtWMinusOne' ? new AckAtWMinusOneCoordinator(config, n) : new Coordinator<string>(config);
    // The Replica writes through an observed store, so anti-entropy's trees follow every write.
    const observed = new ObservedReplicaStore<string>(this.store);
    this.replica = new Replica<string>({ self: this.id, generation: this.generation, random: { nextU32 }, isValue: isString, store: observed, hints: this.hints });
    if (this.options.antiEntropy) {
      const { antiEntropyIntervalMs, tombstoneGraceMs } = this.options;
      const antiEntropy = new AntiEntropy<string>({
        self: this.id,
        random: { nextU32 },
        n,
        store: observed,
        hints: this.hints,
        exchangeIntervalMs: antiEntropyIntervalMs,
        exchangeTimeoutMs: 10 * antiEntropyIntervalMs,
        shape: { fanout: 4, depth: 3 },
        tombstoneGraceMs,
        purgeIntervalMs: antiEntropyIntervalMs,
      });
      observed.observer = (key, before, after) => antiEntropy.noteWrite(key, before, after);
      this.antiEntropy = antiEntropy;
    } else this.antiEntropy = undefined;
    this.crashed = false;
    this.viewKey = undefined;
  }

  crash(): void {
    this.crashed = true;
    this.incarnation++;
    this.store.crash();
    this.hints.crash();
    this.held = [];
    this.fsyncPending = false;
    this.crashAtNextPersist = false;
    this.gossipTimerAtMs = undefined;
    this.quorumTimers.clear();
  }

  /** A lost disk: everything the node stored, synced or not, is gone (the node must be crashed). */
  loseDisk(): void {
    this.store.wipe();
    this.hints.wipe();
  }

  /** Restart: a new generation, durable before the node serves (`reuseGeneration`: a planted bug). */
  restart(entropy: number, reuseGeneration = false): void {
    if (!reuseGeneration) this.generation++;
    this.boot(entropy);
  }
}
