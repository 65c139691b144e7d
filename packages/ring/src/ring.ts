// Ring: the consistent-hashing ring of a cluster (Dynamo §4.2–4.3) as an immutable value.
// createRing(members) hashes each member's virtual nodes onto a 2^32 circle and answers
// "which members hold this key" (preference lists, zone-aware), "who comes next"
// (successors, for sloppy quorum), "who holds what" (ranges, ownership) and, with
// diffRings, "what moves when membership changes". The same member set gives the same ring
// on every node, whatever order the members were listed or added in.
import { assert } from './assert';
import { vnodesPerWeightDefault, vnodesPerWeightMax } from './defaults';
import { badRequest } from './errors';
import { ringFingerprint } from './fingerprint';
import { hashKey, ringPositionsCount } from './key-hash';
import type { Member, RingMember } from './member';
import { normalizeMembers } from './member';
import { PreferenceLists } from './preference-list';
import type { RingRange } from './ring-ranges';
import { ownershipOf, ringRanges } from './ring-ranges';
import type { TokenTable } from './token-table';
import { buildTokenTable, tokenIndexAt } from './token-table';
import type { Zones } from './zones';
import { replicasByZone, validateReplicasPerZone, zonesOf } from './zones';

export interface RingOptions {
  /** Tokens per unit of weight, integer 1..65 536. Default 2048 (see defaults.ts for why). */
  readonly vnodesPerWeight?: number | undefined;
}

/** A key as the ring accepts it: a string (hashed as UTF-8) or raw bytes. */
export type Key = string | Uint8Array;

export interface Ring {
  /** Members sorted by id, weights filled in. */
  readonly members: readonly RingMember[];
  /** Number of members. */
  readonly size: number;
  /** Number of tokens (virtual nodes) on the ring. */
  readonly tokenCount: number;
  /** Named zones, sorted (members without a zone are not listed). */
  readonly zones: readonly string[];
  readonly vnodesPerWeight: number;
  /** 16 hex digits; equal for rings that place every key identically. */
  readonly fingerprint: string;
  /** The member with this id, or undefined. */
  member(id: string): RingMember | undefined;
  /** The first min(n, size) distinct members for `key`, zone-aware, primary first. A new array per call. */
  preferenceList(key: Key, n: number): readonly string[];
  /** As preferenceList, for a ring position (u32) instead of a key. */
  preferenceListAt(position: number, n: number): readonly string[];
  /** Per listed zone: its first k distinct members in clockwise walk order from `key`. */
  preferenceListByZone(key: Key, replicasPerZone: Readonly<Record<string, number>>): ReadonlyMap<string, readonly string[]>;
  /** Every member once, in plain clockwise walk order from a key or a position (not zone-aware). */
  successors(keyOrPosition: Key | number): IterableIterator<string>;
  /** The ring cut into arcs with their n-preference lists, adjacent equal lists merged. */
  ranges(n?: number): readonly RingRange[];
  /** Member id → fraction of the key space for which it is in the n-preference list. */
  ownership(n?: number): ReadonlyMap<string, number>;
}

const emptyList: readonly string[] = Object.freeze([]);
const emptyRanges: readonly RingRange[] = Object.freeze([]);

/** Builds the ring of `members`. Throws RingError (BAD_REQUEST) on invalid members or options. */
export function createRing(members: readonly Member[], options: RingOptions = {}): Ring {
  return new RingImpl(members, validateOptions(options));
}

function validateOptions(options: unknown): number {
  if (typeof options !== 'object' || options === null) throw badRequest('options must be an object');
  const { vnodesPerWeight = vnodesPerWeightDefault } = options as RingOptions;
  if (!Number.isSafeInteger(vnodesPerWeight) || vnodesPerWeight < 1 || vnodesPerWeight > vnodesPerWeightMax) {
    throw badRequest(`options.vnodesPerWeight must be an integer in 1..${vnodesPerWeightMax}, got ${String(vnodesPerWeight)}`);
  }
  return vnodesPerWeight;
}

/** Validates a replica count n: an integer ≥ 1. Returns it clamped to the member count. */
export function replicaCount(n: unknown, memberCount: number): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1) {
    throw badRequest(`n (replica count) must be an integer ≥ 1, got ${String(n)}`);
  }
  return Math.min(n, memberCount);
}

function validatePosition(position: unknown): number {
  if (typeof position !== 'number' || !Number.isInteger(position) || position < 0 || position >= ringPositionsCount) {
    throw badRequest(`position must be an integer in 0..2^32-1, got ${String(position)}`);
  }
  return position;
}

/** The implementation behind `Ring`; diffRings reads its token table. Not exported publicly. */
export class RingImpl implements Ring {
  readonly members: readonly RingMember[];
  readonly size: number;
  readonly tokenCount: number;
  readonly zones: readonly string[];
  readonly vnodesPerWeight: number;
  readonly fingerprint: string;
  readonly table: TokenTable;
  readonly memberIds: readonly string[];
  private readonly zoneInfo: Zones;
  private readonly lists: PreferenceLists;
  private readonly byId: ReadonlyMap<string, RingMember>;

  constructor(members: readonly Member[], vnodesPerWeight: number) {
    this.members = normalizeMembers(members, vnodesPerWeight);
    this.vnodesPerWeight = vnodesPerWeight;
    this.size = this.members.length;
    this.memberIds = Object.freeze(this.members.map((m) => m.id));
    this.byId = new Map(this.members.map((m) => [m.id, m]));
    this.table = buildTokenTable(this.members);
    this.tokenCount = this.table.positions.length;
    this.zoneInfo = zonesOf(this.members);
    this.zones = this.zoneInfo.names;
    this.lists = new PreferenceLists(this.table, this.memberIds, this.zoneInfo);
    this.fingerprint = ringFingerprint(this.members);
    Object.freeze(this);
  }

  member(id: string): RingMember | undefined {
    return this.byId.get(id);
  }

  preferenceList(key: Key, n: number): readonly string[] {
    const count = replicaCount(n, this.size);
    return this.listAt(hashKey(key), count);
  }

  preferenceListAt(position: number, n: number): readonly string[] {
    const count = replicaCount(n, this.size);
    return this.listAt(validatePosition(position), count);
  }

  /** The n-list of the token at `tokenIndex`; `count` already clamped. Used by diffRings. */
  listAtToken(tokenIndex: number, count: number): readonly string[] {
    return count === 0 ? emptyList : this.lists.atToken(tokenIndex, count);
  }

  private listAt(position: number, count: number): readonly string[] {
    if (count === 0) return [];
    return this.lists.atToken(tokenIndexAt(this.table, position), count);
  }

  preferenceListByZone(key: Key, replicasPerZone: Readonly<Record<string, number>>): ReadonlyMap<string, readonly string[]> {
    const position = hashKey(key);
    const request = validateReplicasPerZone(replicasPerZone);
    if (this.size === 0) return new Map(request.map(([zone]) => [zone, emptyList]));
    const start = tokenIndexAt(this.table, position);
    return replicasByZone(this.table, this.memberIds, this.zoneInfo, start, request);
  }

  successors(keyOrPosition: Key | number): IterableIterator<string> {
    const position = typeof keyOrPosition === 'number' ? validatePosition(keyOrPosition) : hashKey(keyOrPosition);
    if (this.size === 0) return emptyList[Symbol.iterator]();
    return walkDistinct(this.table, this.memberIds, tokenIndexAt(this.table, position));
  }

  ranges(n = 1): readonly RingRange[] {
    const count = replicaCount(n, this.size);
    if (count === 0) return emptyRanges;
    return Object.freeze(ringRanges(this.table.positions, (t) => this.lists.atToken(t, count)));
  }

  ownership(n = 1): ReadonlyMap<string, number> {
    return ownershipOf(this.memberIds, this.ranges(n));
  }
}

function* walkDistinct(table: TokenTable, memberIds: readonly string[], start: number): Generator<string, void, undefined> {
  const { owners } = table;
  const seen = new Uint8Array(memberIds.length);
  let found = 0;
  for (let step = 0; step < owners.length && found < memberIds.length; step++) {
    const member = owners[(start + step) % owners.length]!;
    if (seen[member] === 1) continue;
    seen[member] = 1;
    found++;
    yield memberIds[member]!;
  }
  assert(found === memberIds.length, 'every member owns at least one token');
}

/** The implementation of a Ring from createRing; a RingError for anything else. */
export function ringImpl(ring: Ring, name: string): RingImpl {
  if (!(ring instanceof RingImpl)) throw badRequest(`${name} must be a ring built by createRing`);
  return ring;
}
