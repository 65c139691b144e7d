// The kv target: @kv/client with raw byte values against the local cluster. read = get with
// R = 2; update = put with W = 2.
//
// Clients. A KvClient keeps one connection, to the first node of its list that answers, and
// that node coordinates every request the client sends. One client would make n1 the
// coordinator of all traffic, so the target opens one client per node (each listing all nodes,
// starting at a different one) and spreads ops round-robin over them — what a load balancer in
// front of a Dynamo cluster does. The echo client uses as many connections.
//
// Siblings. A YCSB update is a blind write, and a blind put in kv (no context) never overwrites:
// it adds a sibling (DESIGN.md §4). Under the zipfian mix the hottest key takes ≈ 4 % of all
// updates, so blind puts alone would grow its sibling set without bound and every read of it
// would return more and more 1 KB values — a benchmark of a broken application. A kv
// application hands the last read's context to its next write instead. So the target remembers
// the context of the latest read of each key (a Map, bounded by the record count) and an update
// uses it when there is one; a key not read since the load is written blind. No extra read is
// issued (a YCSB update stays one request). Siblings then stay bounded by the updates between
// two reads of a key; takeStats() counts them for the report.
import { connect } from '@kv/client';
import type { Context, KvClient } from '@kv/client';
import type { Target } from './target';

export interface KvTargetOptions {
  readonly urls: readonly string[];
  readonly r: number;
  readonly w: number;
  /** KvClient instances (connections), one per node by default. */
  readonly clients?: number;
}

function emptyStats(): Record<string, number> {
  return { readsWithSiblings: 0, siblingsMax: 0, blindPuts: 0, contextPuts: 0 };
}

export async function kvTarget(options: KvTargetOptions): Promise<Target> {
  const count = options.clients ?? options.urls.length;
  const rotated = (i: number): string[] => options.urls.map((_, j) => options.urls[(i + j) % options.urls.length] as string);
  const clients: KvClient[] = await Promise.all(Array.from({ length: count }, (_, i) => connect({ nodes: rotated(i), values: 'raw' })));
  let turn = 0;
  const pick = (): KvClient => clients[turn++ % clients.length] as KvClient;
  const contexts = new Map<string, Context>();
  let stats = emptyStats();
  return {
    name: 'kv',
    async read(key) {
      const result = await pick().get(key, { r: options.r, raw: true });
      contexts.set(key, result.context);
      if (result.siblings.length > 1) {
        stats['readsWithSiblings'] = (stats['readsWithSiblings'] ?? 0) + 1;
        stats['siblingsMax'] = Math.max(stats['siblingsMax'] ?? 0, result.siblings.length);
      }
      return result.found;
    },
    async update(key, value) {
      const context = contexts.get(key);
      const counter = context === undefined ? 'blindPuts' : 'contextPuts';
      stats[counter] = (stats[counter] ?? 0) + 1;
      await pick().put(key, value, context === undefined ? { w: options.w, raw: true } : { w: options.w, raw: true, context });
    },
    takeStats() {
      const taken = stats;
      stats = emptyStats();
      return taken;
    },
    async close() {
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}
