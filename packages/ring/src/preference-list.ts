// Preference list: the members that hold a key's replicas, primary first (Dynamo §4.3).
// Walk clockwise from the token whose arc holds the key and take the first n *distinct
// physical* members (a member owns many tokens, so the walk skips repeats). When members
// carry zones, the walk first takes members of zones it has not used yet, until
// min(n, zone count) zones are represented, then fills the remaining slots with the members
// it skipped (in walk order) and then whoever comes next. Members without a zone all share
// one implicit zone, so a ring without zones gives exactly the plain distinct-member walk.
//
// A list depends only on the token a position falls in, so lists are cached per token,
// lazily, as u16 member indices (2 × n bytes per token), within preferenceCacheBytesMax.
import { assert } from './assert';
import { preferenceCacheBytesMax } from './defaults';
import type { TokenTable } from './token-table';

/** Marks a cache slot whose list has not been computed (member indices are < 65 535). */
const notComputed = 0xffff;

/** Member-to-zone layout the zone-aware walk needs. */
export interface ZoneLayout {
  /** Zone index of each member (id-sorted order). Unzoned members share one index. */
  readonly zoneOfMember: Uint16Array;
  /** Number of distinct zones, the implicit unnamed zone included. */
  readonly zoneCount: number;
}

export class PreferenceLists {
  /** n → member indices of the n-list starting at each token (n slots per token). */
  private readonly caches = new Map<number, Uint16Array>();
  private cacheBytes = 0;
  // The cache used last: most callers use a single n, so this skips the map lookup.
  private lastN = 0;
  private lastCache: Uint16Array | undefined;
  // Walk scratch: "seen in walk number `epoch`" marks, so a walk never clears an array.
  private readonly memberSeen: Uint32Array;
  private readonly zoneSeen: Uint32Array;
  private epoch = 0;
  // Walk output scratch: the chosen and the skipped member indices of the current walk.
  private readonly chosen: Uint16Array;
  private readonly skipped: Uint16Array;

  constructor(
    private readonly table: TokenTable,
    private readonly memberIds: readonly string[],
    private readonly zones: ZoneLayout,
  ) {
    this.memberSeen = new Uint32Array(memberIds.length);
    this.zoneSeen = new Uint32Array(zones.zoneCount);
    this.chosen = new Uint16Array(memberIds.length);
    this.skipped = new Uint16Array(memberIds.length);
  }

  /** The n-list starting at `tokenIndex`, as a new array; 1 ≤ n ≤ members. */
  atToken(tokenIndex: number, n: number): string[] {
    const cache = this.cacheFor(n);
    const ids = this.memberIds;
    let source = this.chosen;
    let base = 0;
    if (cache === undefined) {
      this.walk(tokenIndex, n);
    } else {
      base = tokenIndex * n;
      if (cache[base] === notComputed) cache.set(this.walk(tokenIndex, n), base);
      source = cache;
    }
    const list = new Array<string>(n);
    for (let i = 0; i < n; i++) list[i] = ids[source[base + i]!]!;
    return list;
  }

  private cacheFor(n: number): Uint16Array | undefined {
    if (n === this.lastN) return this.lastCache;
    let cache = this.caches.get(n);
    if (cache === undefined) cache = this.newCache(n);
    this.lastN = n;
    this.lastCache = cache;
    return cache;
  }

  private newCache(n: number): Uint16Array | undefined {
    const bytes = 2 * n * this.table.owners.length;
    if (this.cacheBytes + bytes > preferenceCacheBytesMax) return undefined;
    const cache = new Uint16Array(n * this.table.owners.length).fill(notComputed);
    this.cacheBytes += bytes;
    this.caches.set(n, cache);
    return cache;
  }

  private nextEpoch(): number {
    if (this.epoch === 0xffff_ffff) {
      this.memberSeen.fill(0);
      this.zoneSeen.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /**
   * The zone-aware walk from token `start`: the n member indices, primary first, as a view
   * of scratch memory valid until the next walk. O(tokens walked), no allocation.
   */
  walk(start: number, n: number): Uint16Array {
    const { owners } = this.table;
    const { zoneOfMember, zoneCount } = this.zones;
    const { chosen, skipped, memberSeen, zoneSeen } = this;
    const tokenCount = owners.length;
    assert(n >= 1 && n <= this.memberIds.length, `n=${n} within 1..members`);
    const zonesTarget = Math.min(n, zoneCount);
    const epoch = this.nextEpoch();
    let chosenCount = 0;
    let skippedCount = 0;
    let zonesUsed = 0;
    for (let step = 0; step < tokenCount && chosenCount < n; step++) {
      const t = start + step < tokenCount ? start + step : start + step - tokenCount;
      const member = owners[t]!;
      if (memberSeen[member] === epoch) continue;
      memberSeen[member] = epoch;
      if (zonesUsed === zonesTarget) {
        chosen[chosenCount++] = member;
        continue;
      }
      const zone = zoneOfMember[member]!;
      if (zoneSeen[zone] === epoch) {
        skipped[skippedCount++] = member;
        continue;
      }
      zoneSeen[zone] = epoch;
      chosen[chosenCount++] = member;
      zonesUsed++;
      if (zonesUsed === zonesTarget) {
        for (let i = 0; i < skippedCount && chosenCount < n; i++) chosen[chosenCount++] = skipped[i]!;
      }
    }
    assert(chosenCount === n, `walk found ${chosenCount} of ${n} members`);
    return chosen.subarray(0, n);
  }
}

/** True when two lists hold the same ids in the same order. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
