// Read repair (Dynamo §5): a read that saw replicas disagree writes the merged set back to
// the ones that are behind. "Behind" is exact here: a replica is repaired only when it answered
// (we know its set) and the merged set adds something to it (`descendsSet` is false), so an
// up-to-date replica is never sent anything and a silent one is left to hinted handoff and
// anti-entropy.
import type { SiblingSet } from '@kv/vclock';
import { descendsSet } from '@kv/vclock';

/** The nodes among `known` whose set the merged set would change. */
export function staleReplicas<V>(merged: SiblingSet<V>, known: ReadonlyMap<string, SiblingSet<V>>): string[] {
  const stale: string[] = [];
  for (const [node, set] of known) if (!descendsSet(set, merged)) stale.push(node);
  return stale;
}
