// Reader context: the context token a get returns. It is `encodeContext(contextOf(merged))`,
// except when that clock is too big for a token (`contextLimits.tokenCharsMax`), which only
// heavy actor churn without pruning or a hostile peer can cause; then the token keeps the most
// recently advanced entries that fit. A token with fewer entries covers fewer dots, so a write
// made with it supersedes fewer siblings: the safe direction (a false sibling, never a lost
// write), where vclock's `encodeContext` would throw out of `step`.
import type { Clock, ClockEntry } from '@kv/vclock';
import { clockFrom, contextLimits, encodeContext } from '@kv/vclock';

// Upper bounds in bytes, from the token grammar (vclock README): version u8, count uvarint,
// per entry uvarint length + UTF-8 actor (≤ 3 bytes per UTF-16 unit) + uvarint counter (≤ 8),
// then a 4-byte checksum; base64url makes 4 characters of every 3 bytes.
const headerBytesMax = 1 + 3 + 4;
const tokenBytesMax = Math.floor((contextLimits.tokenCharsMax * 3) / 4);

function entryBytesMax(entry: ClockEntry): number {
  return 2 + 3 * entry.actor.length + 8;
}

/** The token a reader gets for a merged set's context. */
export function readerContext(clock: Clock): string {
  let bytes = headerBytesMax;
  for (const entry of clock) bytes += entryBytesMax(entry);
  if (bytes <= tokenBytesMax) return encodeContext(clock);
  const newestFirst = [...clock].sort((a, b) => b.timestampMs - a.timestampMs);
  const kept: ClockEntry[] = [];
  bytes = headerBytesMax;
  for (const entry of newestFirst) {
    if (bytes + entryBytesMax(entry) > tokenBytesMax) break;
    kept.push(entry);
    bytes += entryBytesMax(entry);
  }
  return encodeContext(clockFrom(kept));
}
