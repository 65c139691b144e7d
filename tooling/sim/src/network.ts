// Network: the simulated links between nodes. Decides, from the seed, whether a message is lost,
// how long it takes (delayMsMin plus an exponential part, so messages reorder), whether it is
// replayed (delivered twice), and whether a partition blocks it. Partitions split the nodes in
// two groups (random sizes, or one node against the rest), blocking both directions or only one.
import type { SeededRandom } from '@kv/test-kit';
import type { SimOptions } from './sim-options.js';

export interface Partition {
  readonly side: ReadonlySet<string>;
  /** false: only messages from `side` to the rest are blocked (one-way). */
  readonly symmetric: boolean;
}

export class Network {
  partition: Partition | undefined;
  /** Loss and replay are switched off for the final quiet phase. */
  faulty = true;
  lost = 0;
  replayed = 0;

  constructor(
    private readonly options: SimOptions,
    private readonly rng: SeededRandom,
  ) {}

  blocked(from: string, to: string): boolean {
    const p = this.partition;
    if (p === undefined) return false;
    const a = p.side.has(from);
    const b = p.side.has(to);
    return (a && !b) || (p.symmetric && b && !a);
  }

  /** Delivery delays for one message: [] lost, [d] once, [d, d2] replayed. */
  delays(from: string, to: string): number[] {
    if (from === to) return [0];
    if (this.blocked(from, to) || (this.faulty && this.rng.next() < this.options.lossProbability)) {
      this.lost++;
      return [];
    }
    const out = [this.delay()];
    if (this.faulty && this.rng.next() < this.options.replayProbability) {
      this.replayed++;
      out.push(this.delay() + this.delay());
    }
    return out;
  }

  /** Starts a partition of `ids` per the options' mode; undefined when the mode is `none`. */
  split(ids: readonly string[]): Partition | undefined {
    const { partitionMode, partitionSymmetry } = this.options;
    if (partitionMode === 'none') return undefined;
    const shuffled = this.rng.shuffle(ids);
    const size = partitionMode === 'isolateSingle' ? 1 : 1 + this.rng.int(ids.length - 1);
    this.partition = { side: new Set(shuffled.slice(0, size)), symmetric: this.rng.next() < partitionSymmetry };
    return this.partition;
  }

  heal(): void {
    this.partition = undefined;
  }

  private delay(): number {
    const { delayMsMin, delayMsMean } = this.options;
    return Math.round(delayMsMin - (delayMsMean - delayMsMin) * Math.log(1 - this.rng.next()));
  }
}
