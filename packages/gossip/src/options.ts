// Options: the knobs of one Gossip instance (the tuning, with defaults in defaults.ts, plus the
// seed addresses of this deployment) and their validation. A bad option is bad local API use:
// `new Gossip` throws GossipError BAD_REQUEST naming it.
import { gossipDefaults, gossipLimits } from './defaults.js';
import { badRequest } from './errors.js';

/** The tuning knobs; every one has a default (defaults.ts explains unit and reason). */
export interface GossipTuning {
  readonly gossipIntervalMs: number;
  readonly fanout: number;
  readonly suspicionTimeoutMs: number;
  readonly downConfirmations: number;
  readonly joinRetryMs: number;
  readonly joinRetryMsMax: number;
  readonly reconnectIntervalMs: number;
  readonly leaveRounds: number;
  readonly leftRetentionMs: number;
  readonly membersMax: number;
  readonly messageMembersMax: number;
}

/** What `new Gossip` accepts: any tuning knob (the rest from `gossipDefaults`) and the seeds. */
export interface GossipOptions extends Partial<GossipTuning> {
  /** Addresses to join through (our own address is skipped). None: we are the first member. */
  readonly seeds?: readonly string[];
}

/** Options with every knob filled in and checked. */
export interface ResolvedOptions extends GossipTuning {
  readonly seeds: readonly string[];
}

type Bounds = readonly [min: number, max: number];

const integerBounds: { readonly [K in keyof GossipTuning]: Bounds } = {
  gossipIntervalMs: [1, 3_600_000],
  fanout: [1, 64],
  suspicionTimeoutMs: [1, 86_400_000],
  downConfirmations: [2, gossipLimits.suspectedByMax],
  joinRetryMs: [1, 3_600_000],
  joinRetryMsMax: [1, 86_400_000],
  reconnectIntervalMs: [1, 86_400_000],
  leaveRounds: [1, 1000],
  leftRetentionMs: [0, 7 * 86_400_000],
  membersMax: [2, gossipLimits.membersMaxLimit],
  messageMembersMax: [2, gossipLimits.messageMembersMaxLimit],
};

/** Fills in defaults and validates; throws GossipError BAD_REQUEST on the first bad option. */
export function resolveOptions(options: GossipOptions = {}): ResolvedOptions {
  if (typeof options !== 'object' || options === null) throw badRequest('options must be an object');
  for (const key of Object.keys(options)) {
    if (key !== 'seeds' && !(key in integerBounds)) throw badRequest(`unknown option ${JSON.stringify(key)}`);
  }
  const tuning = { ...gossipDefaults } as { -readonly [K in keyof GossipTuning]: number };
  for (const key of Object.keys(integerBounds) as (keyof GossipTuning)[]) {
    const value = options[key] ?? gossipDefaults[key];
    const [min, max] = integerBounds[key];
    if (!Number.isSafeInteger(value) || value < min || value > max) {
      throw badRequest(`options.${key} must be an integer in ${min}..${max}, got ${String(value)}`);
    }
    tuning[key] = value;
  }
  if (tuning.joinRetryMsMax < tuning.joinRetryMs) throw badRequest('options.joinRetryMsMax must be ≥ options.joinRetryMs');
  return { ...tuning, seeds: resolveSeeds(options.seeds) };
}

function resolveSeeds(seeds: unknown): readonly string[] {
  if (seeds === undefined) return [];
  if (!Array.isArray(seeds) || seeds.length > gossipLimits.seedsMax) {
    throw badRequest(`options.seeds must be an array of at most ${gossipLimits.seedsMax} addresses`);
  }
  for (const seed of seeds) {
    if (typeof seed !== 'string' || seed.length === 0 || seed.length > gossipLimits.addressCharsMax) {
      throw badRequest(`options.seeds: every seed must be a non-empty string of at most ${gossipLimits.addressCharsMax} characters`);
    }
  }
  return [...new Set(seeds as string[])];
}
