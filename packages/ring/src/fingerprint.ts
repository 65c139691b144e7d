// Fingerprint: a short digest of everything that decides where keys go, so gossiping nodes
// can tell "same ring" with one string compare instead of shipping member lists.
// It covers, per member in id order: id, token count and zone; plus a format version.
// Token counts (not weight and vnodesPerWeight separately) are what place tokens, so two
// configurations that build the same ring — weight 1 at V=2048 and weight 2 at V=1024 —
// get the same fingerprint, and any change that moves a key changes it.
// 64 bits from two seeded xxHash32 runs: collision-resistant enough for change detection,
// not a cryptographic commitment.
import { xxHash32 } from 'js-xxhash';
import { utf8Bytes } from './key-hash';
import type { RingMember } from './member';

/** Bumped whenever token placement (token-table.ts, key-hash.ts) changes meaning. */
const placementFormatVersion = 1;

function pushU32(out: number[], value: number): void {
  out.push(value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff);
}

function pushText(out: number[], text: string): void {
  const bytes = utf8Bytes(text);
  pushU32(out, bytes.length);
  for (const byte of bytes) out.push(byte);
}

/**
 * encoding := u8 version ‖ u32le memberCount ‖ member*
 * member   := text(id) ‖ u32le tokenCount ‖ u8 hasZone ‖ [text(zone)]
 * text     := u32le byteLength ‖ utf8 bytes
 * result   := hex8(xxHash32(encoding, 0)) ‖ hex8(xxHash32(encoding, 0x9e3779b9))
 */
export function ringFingerprint(members: readonly RingMember[]): string {
  const out: number[] = [placementFormatVersion];
  pushU32(out, members.length);
  for (const member of members) {
    pushText(out, member.id);
    pushU32(out, member.tokenCount);
    if (member.zone === undefined) {
      out.push(0);
    } else {
      out.push(1);
      pushText(out, member.zone);
    }
  }
  const bytes = Uint8Array.from(out);
  const hex = (value: number): string => value.toString(16).padStart(8, '0');
  return hex(xxHash32(bytes, 0)) + hex(xxHash32(bytes, 0x9e3779b9));
}
