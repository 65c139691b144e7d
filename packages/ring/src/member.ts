// Member: one physical node of the ring as the caller describes it (id, weight, zone), and
// its validated, normalised form. Validation lives here so createRing either gets a clean,
// id-sorted member table or throws a RingError naming the bad field — nothing half-built.
// Members are sorted by id (UTF-16 code unit order) because the ring must be a pure
// function of the member *set*: the order the caller lists them in must not matter.
import { ringMembersMax, ringTokensMax, memberIdCharsMax, zoneNameCharsMax } from './defaults';
import { badRequest } from './errors';
import { isWellFormedText } from './key-hash';

/** A member as given to `createRing`. */
export interface Member {
  /** Unique, non-empty, at most 256 UTF-16 code units, no lone surrogates. */
  readonly id: string;
  /** Relative capacity: tokens = max(1, round(weight × vnodesPerWeight)). Finite, > 0. Default 1. */
  readonly weight?: number | undefined;
  /**
   * Failure domain (datacenter, rack). Preference lists spread replicas over distinct zones
   * first. Members without a zone share one implicit zone.
   */
  readonly zone?: string | undefined;
}

/** A member as the ring holds it: weight filled in, token count known. */
export interface RingMember {
  readonly id: string;
  readonly weight: number;
  /** Absent when the member has no zone (it is then in the implicit unnamed zone). */
  readonly zone?: string;
  /** Number of virtual nodes (tokens) this member owns on the ring. */
  readonly tokenCount: number;
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function validateName(value: unknown, where: string, charsMax: number): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw badRequest(`${where} must be a non-empty string, got ${describe(value)}`);
  }
  if (value.length > charsMax) {
    throw badRequest(`${where} is ${value.length} UTF-16 code units long; the limit is ${charsMax}`);
  }
  if (!isWellFormedText(value)) {
    throw badRequest(`${where} contains a lone surrogate, so its UTF-8 encoding would not be unique`);
  }
  return value;
}

function validateMember(raw: unknown, index: number, vnodesPerWeight: number): RingMember {
  const where = `members[${index}]`;
  if (typeof raw !== 'object' || raw === null) throw badRequest(`${where} must be an object, got ${describe(raw)}`);
  const { id, weight, zone } = raw as Record<string, unknown>;
  validateName(id, `${where}.id`, memberIdCharsMax);
  const weightValue = weight === undefined ? 1 : weight;
  if (typeof weightValue !== 'number' || !Number.isFinite(weightValue) || weightValue <= 0) {
    throw badRequest(`${where}.weight must be a finite number > 0, got ${describe(weight)}`);
  }
  const tokenCount = Math.max(1, Math.round(weightValue * vnodesPerWeight));
  const base = { id: id as string, weight: weightValue, tokenCount };
  if (zone === undefined) return Object.freeze(base);
  validateName(zone, `${where}.zone`, zoneNameCharsMax);
  return Object.freeze({ ...base, zone: zone as string });
}

/**
 * Validates members and returns them frozen and sorted by id. Throws RingError on a
 * non-array, a bad id, weight or zone, a duplicate id, or too many members or tokens.
 */
export function normalizeMembers(members: unknown, vnodesPerWeight: number): readonly RingMember[] {
  if (!Array.isArray(members)) throw badRequest(`members must be an array, got ${describe(members)}`);
  if (members.length > ringMembersMax) {
    throw badRequest(`${members.length} members; the limit is ${ringMembersMax}`);
  }
  const normalized = members.map((raw: unknown, index) => validateMember(raw, index, vnodesPerWeight));
  normalized.sort((a, b) => compareIds(a.id, b.id));
  let tokens = 0;
  for (let i = 0; i < normalized.length; i++) {
    const member = normalized[i]!;
    if (i > 0 && normalized[i - 1]!.id === member.id) throw badRequest(`duplicate member id ${JSON.stringify(member.id)}`);
    tokens += member.tokenCount;
  }
  if (tokens > ringTokensMax) {
    throw badRequest(
      `the members need ${tokens} tokens (weight × vnodesPerWeight); the limit is ${ringTokensMax}: lower weights or vnodesPerWeight`,
    );
  }
  return Object.freeze(normalized);
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}
