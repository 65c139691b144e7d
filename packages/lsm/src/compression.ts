// Format: FORMAT.md §Blocks, §LZ4
// Compression: how one SSTable block is stored on disk — its contents, optionally LZ4-compressed,
// followed by a 5-byte trailer naming the codec and checksumming the stored bytes. It exists so
// every block (data, filter, index) shares one encoding and one corruption check.
//
//   block := stored:bytes codec:u8 crc32c:u32le        crc32c covers stored ‖ codec
//   codec 0 (none): stored = contents
//   codec 1 (lz4):  stored = rawLength:u32le lz4Block   (lz4-napi `compressSync`, i.e. lz4_flex
//                   `compress_prepend_size`: the LZ4 *block* format, no frame, no checksum,
//                   prefixed by the uncompressed length as u32 little-endian)
//
// A block is stored compressed only when that saves at least 1/8 of its bytes (LevelDB's
// 12.5 % rule); otherwise decompressing it would cost reads more than the disk it saves.

import { compressSync, uncompressSync } from 'lz4-napi';
import { readU32, writeU32 } from './bytes.js';
import { crc32c } from './checksum.js';
import { corruption } from './errors.js';

/** Codec tags as stored in the block trailer (FORMAT.md): explicit numbers, never reused. */
export const CODEC_NONE = 0;
export const CODEC_LZ4 = 1;

export type Compression = 'none' | 'lz4';

const TRAILER_BYTES = 5;
const LZ4_PREFIX_BYTES = 4;
/** LZ4 cannot expand data by more than ~255× (a match length grows 255 per extension byte). */
const LZ4_EXPANSION_MAX = 256;

/** Encodes `contents` as stored bytes plus trailer, compressing when it pays (see above). */
export function encodeBlock(contents: Uint8Array, compression: Compression): Uint8Array {
  let stored = contents;
  let codec = CODEC_NONE;
  if (compression === 'lz4' && contents.length > 0) {
    const compressed = compressSync(asBuffer(contents));
    if (compressed.length < contents.length - contents.length / 8) {
      stored = compressed;
      codec = CODEC_LZ4;
    }
  }
  const out = new Uint8Array(stored.length + TRAILER_BYTES);
  out.set(stored, 0);
  out[stored.length] = codec;
  writeU32(out, stored.length + 1, crc32c(out.subarray(0, stored.length + 1)));
  return out;
}

/**
 * Checks the trailer of `bytes` (stored bytes plus trailer, read from `file` at `offset`) and
 * returns the block's contents. A checksum mismatch, an unknown codec, or an LZ4 payload that
 * does not decompress to exactly its declared length is CORRUPTION. For codec 0 the result
 * aliases `bytes`.
 */
export function decodeBlock(bytes: Uint8Array, file: string, offset: number): Uint8Array {
  const storedBytes = bytes.length - TRAILER_BYTES;
  if (storedBytes < 0) throw corruption(file, offset, `block of ${bytes.length} bytes is shorter than its trailer`);
  const crc = readU32(bytes, storedBytes + 1);
  if (crc !== crc32c(bytes.subarray(0, storedBytes + 1))) throw corruption(file, offset, 'block checksum mismatch');
  const stored = bytes.subarray(0, storedBytes);
  const codec = bytes[storedBytes];
  if (codec === CODEC_NONE) return stored;
  if (codec === CODEC_LZ4) return decodeLz4(stored, file, offset);
  throw corruption(file, offset + storedBytes, `unknown block codec ${codec}`);
}

function decodeLz4(stored: Uint8Array, file: string, offset: number): Uint8Array {
  if (stored.length < LZ4_PREFIX_BYTES) throw corruption(file, offset, 'lz4 block shorter than its length prefix');
  const rawBytes = readU32(stored, 0);
  if (rawBytes > (stored.length - LZ4_PREFIX_BYTES) * LZ4_EXPANSION_MAX) {
    throw corruption(file, offset, `lz4 block claims ${rawBytes} bytes from ${stored.length}`);
  }
  let raw: Uint8Array;
  try {
    const buffer = uncompressSync(stored);
    raw = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength); // a plain Uint8Array view, no copy
  } catch (error) {
    throw corruption(file, offset, `lz4 block does not decompress: ${(error as Error).message}`);
  }
  if (raw.length !== rawBytes) throw corruption(file, offset, `lz4 block decompressed to ${raw.length} bytes, expected ${rawBytes}`);
  return raw;
}

/** lz4-napi's sync API is typed to take a Buffer; view the same memory as one (no copy). */
function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
