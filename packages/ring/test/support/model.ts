// A slow, obviously-correct model of the ring, written straight from the README's algorithm
// section, to check the fast implementation against: tokens as plain objects sorted with a
// comparator, lookups by linear scan, zone-aware lists built by filtering the walk.
import type { Member } from '../../src/index';
import { tokenPosition } from '../../src/index';

export interface ModelToken {
  readonly position: number;
  readonly id: string;
  readonly index: number;
}

const implicitZone = Symbol('no zone');

export class RingModel {
  readonly tokens: ModelToken[];
  private readonly zoneOf: Map<string, string | symbol>;

  constructor(members: readonly Member[], vnodesPerWeight: number) {
    this.tokens = members.flatMap((m) =>
      Array.from({ length: Math.max(1, Math.round((m.weight ?? 1) * vnodesPerWeight)) }, (_, index) => ({
        position: tokenPosition(m.id, index),
        id: m.id,
        index,
      })),
    );
    this.tokens.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0) || a.index - b.index);
    this.zoneOf = new Map(members.map((m) => [m.id, m.zone ?? implicitZone]));
  }

  get zoneCount(): number {
    return new Set(this.zoneOf.values()).size;
  }

  zone(id: string): string | symbol {
    return this.zoneOf.get(id) ?? implicitZone;
  }

  /** Distinct member ids clockwise from `position`. */
  walk(position: number): string[] {
    let first = this.tokens.findIndex((t) => t.position >= position);
    if (first === -1) first = 0;
    const order: string[] = [];
    for (let step = 0; step < this.tokens.length; step++) {
      const id = this.tokens[(first + step) % this.tokens.length]!.id;
      if (!order.includes(id)) order.push(id);
    }
    return order;
  }

  /** Zone picks first (first member of each new zone, up to min(n, zones)), then the rest in walk order. */
  preferenceList(position: number, n: number): string[] {
    const order = this.walk(position);
    const zonesTarget = Math.min(n, this.zoneCount);
    const used = new Set<string | symbol>();
    const picks: string[] = [];
    for (const id of order) {
      if (used.size === zonesTarget) break;
      if (!used.has(this.zone(id))) {
        used.add(this.zone(id));
        picks.push(id);
      }
    }
    return [...picks, ...order.filter((id) => !picks.includes(id))].slice(0, n);
  }
}
