// Zones: failure domains (datacenters, racks). Replicas spread over distinct zones first, so
// losing a zone loses at most the replicas placed in it. This file maps members to zone
// indices and answers NetworkTopologyStrategy-style questions (Cassandra): "the first k
// distinct members of each listed zone, in clockwise walk order", which is what a
// coordinator needs for `local_quorum` and per-datacenter replica counts.
// Members without a zone share one implicit zone that has no name: it counts as one zone in
// the zone-aware walk and cannot be asked for by name here.
import { badRequest } from './errors';
import type { RingMember } from './member';
import type { ZoneLayout } from './preference-list';
import type { TokenTable } from './token-table';

export interface Zones extends ZoneLayout {
  /** Named zones, sorted. */
  readonly names: readonly string[];
  /** Zone index by name (named zones only). */
  readonly indexByName: ReadonlyMap<string, number>;
  /** Number of members in each zone index. */
  readonly membersPerZone: Uint32Array;
}

/** Assigns zone indices: named zones in sorted order, then the implicit zone (if used). */
export function zonesOf(members: readonly RingMember[]): Zones {
  const names = [...new Set(members.flatMap((m) => (m.zone === undefined ? [] : [m.zone])))].sort((a, b) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
  const indexByName = new Map(names.map((name, index) => [name, index]));
  const implicitZone = names.length;
  const zoneOfMember = new Uint16Array(members.length);
  let hasImplicit = false;
  members.forEach((member, index) => {
    const zone = member.zone === undefined ? undefined : indexByName.get(member.zone);
    if (zone === undefined) hasImplicit = true;
    zoneOfMember[index] = zone ?? implicitZone;
  });
  const zoneCount = names.length + (hasImplicit ? 1 : 0);
  const membersPerZone = new Uint32Array(zoneCount);
  for (const zone of zoneOfMember) membersPerZone[zone]!++;
  return { names: Object.freeze(names), indexByName, zoneOfMember, zoneCount, membersPerZone };
}

/** Validates `replicasPerZone`: an object of zone name → integer count ≥ 0. */
export function validateReplicasPerZone(replicasPerZone: unknown): [string, number][] {
  if (typeof replicasPerZone !== 'object' || replicasPerZone === null || Array.isArray(replicasPerZone)) {
    throw badRequest('replicasPerZone must be an object of zone name → replica count');
  }
  const entries = Object.entries(replicasPerZone as Record<string, unknown>);
  for (const [zone, count] of entries) {
    if (typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0) {
      throw badRequest(`replicasPerZone[${JSON.stringify(zone)}] must be an integer ≥ 0, got ${String(count)}`);
    }
  }
  return entries as [string, number][];
}

/**
 * For each requested zone, its first `count` distinct members in clockwise walk order from
 * token `start` (fewer if the zone has fewer members; none for a zone without members).
 */
export function replicasByZone(
  table: TokenTable,
  memberIds: readonly string[],
  zones: Zones,
  start: number,
  request: readonly [string, number][],
): Map<string, readonly string[]> {
  const lists: string[][] = [];
  const wanted = new Int32Array(zones.zoneCount);
  const listOfZone = new Int32Array(zones.zoneCount).fill(-1);
  let remaining = 0;
  for (const [name, count] of request) {
    const zone = zones.indexByName.get(name);
    lists.push([]);
    if (zone === undefined) continue;
    listOfZone[zone] = lists.length - 1;
    wanted[zone] = Math.min(count, zones.membersPerZone[zone]!);
    remaining += wanted[zone]!;
  }
  const seen = new Uint8Array(memberIds.length);
  const { owners } = table;
  for (let step = 0; step < owners.length && remaining > 0; step++) {
    const t = (start + step) % owners.length;
    const member = owners[t]!;
    if (seen[member] === 1) continue;
    seen[member] = 1;
    const zone = zones.zoneOfMember[member]!;
    if (wanted[zone]! === 0) continue;
    lists[listOfZone[zone]!]!.push(memberIds[member]!);
    wanted[zone]!--;
    remaining--;
  }
  return new Map(request.map(([name], i) => [name, Object.freeze(lists[i]!)]));
}
