// Sibling sets reachable by real histories, for property tests. Arbitrary structures would
// break the invariants that make the laws hold (a dot names one write); instead fast-check
// generates a history — replicas writing with contexts some client read earlier, syncing with
// each other, pruning — and the properties draw sets from every state the history passed through.
import fc from 'fast-check';
import { contextOf, emptyClock, emptySet, pruneSet, sync, write } from '../../src/index';
import type { Clock, SiblingSet } from '../../src/index';

export type Step =
  | { readonly kind: 'write'; readonly replica: number; readonly readFrom: number | null; readonly tombstone: boolean }
  | { readonly kind: 'sync'; readonly into: number; readonly from: number }
  | { readonly kind: 'prune'; readonly replica: number; readonly entriesMax: number };

export interface Snapshot {
  /** The actor whose local set this is. */
  readonly owner: string;
  readonly set: SiblingSet<string>;
}

export interface History {
  /** Every state any replica passed through, in order (the first ones are empty). */
  readonly snapshots: readonly Snapshot[];
  /** Each replica's final set. */
  readonly replicas: readonly SiblingSet<string>[];
}

export const actorOf = (replica: number): string => `node-${replica}#1`;

export function stepArb(replicas: number, withPrune: boolean): fc.Arbitrary<Step> {
  const replica = fc.nat(replicas - 1);
  const steps: fc.Arbitrary<Step>[] = [
    fc.record({
      kind: fc.constant('write' as const),
      replica,
      readFrom: fc.option(fc.nat(), { nil: null, freq: 4 }),
      tombstone: fc.nat(9).map((n) => n < 3),
    }),
    fc.record({ kind: fc.constant('sync' as const), into: replica, from: replica }),
  ];
  if (withPrune) steps.push(fc.record({ kind: fc.constant('prune' as const), replica, entriesMax: fc.nat(2) }));
  return fc.oneof(...steps);
}

/** Plays `steps` on `replicaCount` replicas; a write's client context is a read of some earlier snapshot. */
export function play(replicaCount: number, steps: readonly Step[]): History {
  const replicas: SiblingSet<string>[] = Array.from({ length: replicaCount }, () => emptySet<string>());
  const snapshots: Snapshot[] = replicas.map((set, i) => ({ owner: actorOf(i), set }));
  let nowMs = 0;
  steps.forEach((step, n) => {
    nowMs += 1000;
    let index: number;
    if (step.kind === 'write') {
      const read: Clock = step.readFrom === null ? emptyClock : contextOf((snapshots[step.readFrom % snapshots.length] as Snapshot).set);
      const base = { context: read, actor: actorOf(step.replica), nowMs };
      const set = replicas[step.replica] as SiblingSet<string>;
      replicas[step.replica] = step.tombstone ? write(set, { ...base, tombstone: true }) : write(set, { ...base, value: `v${n}` });
      index = step.replica;
    } else if (step.kind === 'sync') {
      replicas[step.into] = sync(replicas[step.into] as SiblingSet<string>, replicas[step.from] as SiblingSet<string>);
      index = step.into;
    } else {
      const owner = actorOf(step.replica);
      const options = { nowMs, entriesMax: step.entriesMax, youngMs: 0, keep: (actor: string) => actor === owner };
      replicas[step.replica] = pruneSet(replicas[step.replica] as SiblingSet<string>, options).set;
      index = step.replica;
    }
    snapshots.push({ owner: actorOf(index), set: replicas[index] as SiblingSet<string> });
  });
  return { snapshots, replicas };
}

export function historyArb(options: { replicas?: number; stepsMax?: number; withPrune?: boolean } = {}): fc.Arbitrary<History> {
  const replicas = options.replicas ?? 3;
  return fc
    .array(stepArb(replicas, options.withPrune ?? false), { minLength: 4, maxLength: options.stepsMax ?? 40, size: 'max' })
    .map((steps) => play(replicas, steps));
}

/** A history and `count` snapshots drawn from it. */
export function setsFromHistory(count: number, options?: Parameters<typeof historyArb>[0]): fc.Arbitrary<{ history: History; sets: SiblingSet<string>[]; picks: Snapshot[] }> {
  return fc
    .tuple(historyArb(options), fc.array(fc.nat(), { minLength: count, maxLength: count }))
    .map(([history, indices]) => {
      const picks = indices.map((i) => history.snapshots[i % history.snapshots.length] as Snapshot);
      return { history, sets: picks.map((p) => p.set), picks };
    });
}
