// An independent xxHash32 written from the spec (github.com/Cyan4973/xxHash, doc/xxhash_spec.md)
// with Math.imul, used to check that js-xxhash computes the same function. hashKey is a
// stable on-disk contract, so the library must not drift from the specification.
const P1 = 0x9e3779b1;
const P2 = 0x85ebca77;
const P3 = 0xc2b2ae3d;
const P4 = 0x27d4eb2f;
const P5 = 0x165667b1;

const rotl = (x: number, r: number): number => (x << r) | (x >>> (32 - r));
const u32le = (b: Uint8Array, i: number): number => (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
const round = (acc: number, lane: number): number => Math.imul(rotl((acc + Math.imul(lane, P2)) | 0, 13), P1);

export function xxh32Reference(bytes: Uint8Array, seed = 0): number {
  const length = bytes.length;
  let i = 0;
  let h: number;
  if (length >= 16) {
    let v1 = (seed + P1 + P2) | 0;
    let v2 = (seed + P2) | 0;
    let v3 = seed | 0;
    let v4 = (seed - P1) | 0;
    for (; i <= length - 16; i += 16) {
      v1 = round(v1, u32le(bytes, i));
      v2 = round(v2, u32le(bytes, i + 4));
      v3 = round(v3, u32le(bytes, i + 8));
      v4 = round(v4, u32le(bytes, i + 12));
    }
    h = (rotl(v1, 1) + rotl(v2, 7) + rotl(v3, 12) + rotl(v4, 18)) | 0;
  } else {
    h = (seed + P5) | 0;
  }
  h = (h + length) | 0;
  for (; i + 4 <= length; i += 4) h = Math.imul(rotl((h + Math.imul(u32le(bytes, i), P3)) | 0, 17), P4);
  for (; i < length; i++) h = Math.imul(rotl((h + Math.imul(bytes[i]!, P5)) | 0, 11), P1);
  h ^= h >>> 15;
  h = Math.imul(h, P2);
  h ^= h >>> 13;
  h = Math.imul(h, P3);
  h ^= h >>> 16;
  return h >>> 0;
}
