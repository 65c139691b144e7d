// Set digest: the version of a key that anti-entropy compares between replicas (the `digest` of
// a @kv/merkle entry). It covers what makes two sibling sets different versions — the context's
// (actor, counter) pairs and each sibling's dot and tombstone flag — and leaves out the values
// and the context's observation timestamps: a dot names exactly one write (the Replica refuses
// a set where it names two, kv679), so equal dots mean equal values, and timestamps only steer
// pruning. Two replicas holding setEquals sets have equal digests; any write, repair or pruning
// that changes the dots or the context changes the digest (up to a 2^-64 hash collision).
import type { SiblingSet } from '@kv/vclock';
import { xxHash32 } from 'js-xxhash';

/** Bytes of a digest: two independent xxHash32 lanes. */
export const setDigestBytes = 8;

const laneSeeds = [0x53455430, 0x53455431] as const;

/** The set's canonical text: context entries, then siblings, each on its own line. */
function canonical(set: SiblingSet<unknown>): string {
  let text = '';
  for (const entry of set.context) text += `c\t${entry.actor}\t${entry.counter}\n`;
  for (const sibling of set.siblings) text += `${sibling.tombstone ? 't' : 'v'}\t${sibling.dot.actor}\t${sibling.dot.counter}\n`;
  return text;
}

/** The set's 8-byte digest (little-endian lanes). */
export function setDigest(set: SiblingSet<unknown>): Uint8Array {
  const text = canonical(set);
  const out = new Uint8Array(setDigestBytes);
  const view = new DataView(out.buffer);
  view.setUint32(0, xxHash32(text, laneSeeds[0]), true);
  view.setUint32(4, xxHash32(text, laneSeeds[1]), true);
  return out;
}
