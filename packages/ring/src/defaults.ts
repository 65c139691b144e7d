// Defaults and limits of @kv/ring, one place, each with its unit and the reason for its value.
// Limits bound memory and build time so that a bad membership config fails fast with a
// RingError instead of freezing a node.

/**
 * Virtual nodes (tokens) per unit of weight. Unit: tokens per weight 1.
 *
 * Random token positions give each member an ownership with relative spread σ ≈ 1/√V
 * (2.2 % at V = 2048), so V sets the balance. DESIGN.md §5 requires every member within
 * ±10 % of the mean at 10+ nodes. Worst max-deviation over seeded random id sets (30 sets
 * at 10 and 50 nodes, 10 at 100; measured for this package, see README "Guarantees"):
 *   V = 1024: 10.1 % / 11.0 % / 10.1 %   (fails the bound)
 *   V = 2048:  6.2 % /  8.3 % /  7.2 %   (chosen)
 *   V = 4096:  4.8 % /  5.0 % /  5.8 %
 * At 2048 the bound is 4.5 σ away: P(some member > 10 % off) ≈ 50 × 6e-6 ≈ 0.03 % for a
 * 50-node cluster. Clusters of several hundred nodes should consider 4096.
 *
 * Cost, linear in V: tokens = 2048 × total weight (100 equal nodes → 204 800 tokens,
 * 1.2 MiB of typed arrays); build time (~25 ms at 100 nodes); the number of ranges a
 * `diffRings` or a join/leave stream handles (~2 000 per joining node at n = 1).
 * We accept that on purpose instead of Dynamo's fixed-partition "strategy 3": random tokens
 * keep the ring a pure, order-independent function of the member set with minimal movement
 * and no partition-assignment state to agree on.
 */
export const vnodesPerWeightDefault = 2048;

/** Upper bound on `vnodesPerWeight`. Unit: tokens per weight 1. Beyond this balance no longer improves usefully. */
export const vnodesPerWeightMax = 65_536;

/**
 * Upper bound on the total number of tokens in one ring. Unit: tokens. 2^22 tokens keep
 * 24 MiB (u32 positions + u16 owners), need ~56 MiB more while building, and take ~1.5 s to
 * build on this 2-core machine; that is 2048 equal members at the default V, beyond any
 * cluster this store is meant for. A member config past it is refused, not slowly built.
 */
export const ringTokensMax = 4_194_304;

/**
 * Upper bound on members. Unit: members. Member indices are stored as u16 (owner table,
 * preference-list cache), so 65 535 is the hard ceiling; real clusters are far smaller.
 */
export const ringMembersMax = 65_535;

/** Upper bound on a member id's length. Unit: UTF-16 code units. Ids travel in every gossip message. */
export const memberIdCharsMax = 256;

/** Upper bound on a zone name's length. Unit: UTF-16 code units. */
export const zoneNameCharsMax = 256;

/**
 * Memory one ring may spend on cached preference lists. Unit: bytes. A cache for replica
 * count n holds 2 × n bytes per token (u16 member indices, filled lazily), e.g. 1.2 MiB for
 * n = 3 at 100 members × 2048 tokens. A cache for a new n is only created while the total
 * stays within this budget; other n are answered by walking the ring (≈ 20 % slower, same
 * answer). 16 MiB holds n = 3 caches up to ~1 300 equal members.
 */
export const preferenceCacheBytesMax = 16 * 1024 * 1024;
