// Defaults and limits of @kv/gossip, each with its unit and the reason for its value
// (CONVENTIONS.md §8). Presets derive from one base, as memberlist's DefaultLANConfig and
// DefaultWANConfig do: `lanDefaults` is the base, `wanDefaults` overrides what distance changes.
// The detection-time bound these give is derived in detection-bound.ts and README.md.
import type { GossipTuning } from './options.js';

/** Hard limits: inputs beyond them are refused (options: GossipError; messages: dropped and counted). */
export const gossipLimits = {
  /** Longest member id, in UTF-16 code units. Ids are short names (`node-17`, a UUID); 256 leaves room. */
  idCharsMax: 256,
  /** Longest address, in UTF-16 code units: a URL (`wss://host:port/path`) with room to spare. */
  addressCharsMax: 512,
  /** Longest zone (datacenter/rack) name, in UTF-16 code units. */
  zoneCharsMax: 128,
  /** Largest member weight (relative capacity, as @kv/ring reads it). Beyond it is a typo, not a machine. */
  weightMax: 1_000_000,
  /**
   * Most reporters one record may carry in `suspectedBy`. A record is declared down as soon as
   * `downConfirmations` reporters agree, so honest senders send fewer; 16 tolerates a peer
   * configured with a higher `downConfirmations` and bounds what a hostile one can make us store.
   */
  suspectedByMax: 16,
  /** Most seed addresses. Seeds are a handful of stable nodes; each join attempt messages all of them. */
  seedsMax: 64,
  /** Upper bound for `membersMax`: the list is scanned each round, so it must stay small. */
  membersMaxLimit: 65_536,
  /** Upper bound for `messageMembersMax`: 4096 records ≈ 550 KB as JSON, far past any sane frame. */
  messageMembersMaxLimit: 4096,
} as const;

/**
 * The base (LAN) defaults: one datacenter, sub-millisecond to few-millisecond latency, rare
 * loss. With 50 members and 10 % loss a crashed member is down everywhere within 20 s
 * (detectionBoundMs; 7.9 s at worst over 20 seeds in test/simulation.test.ts), and a
 * simulated hour with no crash declares no live member down (test/no-false-down.test.ts).
 */
export const lanDefaults: GossipTuning = {
  /**
   * Time between two gossip rounds, in ms (1 s). Each round bumps our heartbeat, checks for
   * stalled members and pushes our list to `fanout` members. Cassandra gossips every second; at
   * 50 members that is 150 messages/s for the whole cluster, nothing next to a node's budget.
   */
  gossipIntervalMs: 1_000,
  /**
   * Members sent our list each round (3, memberlist's GossipNodes). News reaches all n members
   * in ≈ log₄ n + ln n / 3 rounds (4–5 at 50 members with 10 % loss; 7 with margin, see
   * detection-bound.ts). More costs messages linearly and saves little; fewer lengthens the tail.
   */
  fanout: 3,
  /**
   * How long a member's heartbeat must stay still, as we see it, before we suspect it, in ms
   * (5 s = 5 rounds). A live member's record reaches us about 2.7 times a round at 10 % loss,
   * not always with a fresher heartbeat; five rounds without a fresher one happens, but rarely
   * (161 suspicions in a simulated hour of 50 members, about 1 per 10⁴ member-pairs and 5 s),
   * and suspecting alone does no harm: down needs two reporters of the same heartbeat.
   * memberlist's LAN suspicion time at 50 members is 4 × log₁₀ 50 × 1 s ≈ 6.8 s; lower means
   * faster detection and more suspicions.
   */
  suspicionTimeoutMs: 5_000,
  /**
   * Distinct members that must report the same (id, generation, heartbeat) stalled before it
   * is declared down (2, the design's "two independent sources"). At least 2: one member's
   * view alone never takes a node down. More makes false downs rarer and partitions of
   * fewer than this many members unable to declare anything.
   */
  downConfirmations: 2,
  /** First wait before asking the seeds again, in ms (1 s); doubles per attempt with jitter. */
  joinRetryMs: 1_000,
  /** Longest wait between join attempts, in ms (30 s): a node started before its seeds still finds them soon. */
  joinRetryMsMax: 30_000,
  /**
   * How often we gossip to one member we hold down, in ms (10 s, as serf's reconnect loop):
   * a member declared down by mistake (a healed partition) learns it and rejoins with a new
   * generation, and the two sides of a healed partition find each other again.
   */
  reconnectIntervalMs: 10_000,
  /**
   * Rounds in which a leaving member still pushes its `left` record (3): at 10 % loss three
   * rounds of `fanout` messages reach at least one member with probability 1 − 10⁻⁹.
   */
  leaveRounds: 3,
  /**
   * How long we keep a `left` member's record before forgetting it, in ms (10 min): long past
   * the time the news needs to reach everyone, so a straggler cannot gossip it back to life.
   * Down members are kept: a down node still owns its ring ranges (Dynamo §4.8.1).
   */
  leftRetentionMs: 600_000,
  /** Most members in the list, ourselves included (1024). A new member past it is refused and counted. */
  membersMax: 1024,
  /**
   * Most member records in one message (256, ≈ 35 KB as JSON at ≈ 135 bytes a record; CBOR is
   * a little smaller). Larger lists go out in a rotating window, which slows news, and stretches
   * the suspicion timeout, by the factor ⌈(members − 1) / (256 − 1)⌉.
   */
  messageMembersMax: 256,
};

/**
 * WAN defaults: members in several regions, 10–300 ms latency, more loss and jitter. Slower
 * suspicion (memberlist's WAN config multiplies its suspicion by 6 and probes every 5 s) and
 * more fanout, so a bad link between regions does not make suspicions.
 */
export const wanDefaults: GossipTuning = {
  ...lanDefaults,
  /** 4 members per round: more paths across lossy links. */
  fanout: 4,
  /** 20 s: a few lost rounds across an ocean are normal, not a failure. */
  suspicionTimeoutMs: 20_000,
  /** 2 s: a seed in another region takes longer to answer. */
  joinRetryMs: 2_000,
  /** 60 s. */
  joinRetryMsMax: 60_000,
  /** 30 s: serf's WAN reconnect interval. */
  reconnectIntervalMs: 30_000,
  /** 5 rounds: more chances across lossy links. */
  leaveRounds: 5,
};

/** The defaults `new Gossip` uses for options it is not given: the LAN preset. */
export const gossipDefaults: GossipTuning = lanDefaults;
