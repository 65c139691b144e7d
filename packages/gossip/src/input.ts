// Input: everything that can happen to a Gossip instance, as plain data passed to `step`.
// Time comes with every step (`nowMs`), never from a clock inside the core.

export type GossipInput =
  /** Begin: ask the seeds to let us in (or be the first member) and start the gossip rounds. */
  | { readonly type: 'start' }
  /** A timer the core asked for fired (early, late or extra ticks are harmless). */
  | { readonly type: 'tick' }
  /** A message arrived from `from` (an address). Any value: it is validated, never trusted. */
  | { readonly type: 'message'; readonly from: string; readonly message: unknown }
  /** Leave the cluster gracefully: gossip `left` for our generation, then stop. */
  | { readonly type: 'leave' };
