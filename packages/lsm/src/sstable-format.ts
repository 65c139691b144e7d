// Format: FORMAT.md §SSTable (§Layout, §Footer)
// SSTable format: the constants of the table file layout and the codecs of its two fixed-width
// records, the 48-byte footer and the 12-byte block handle (FORMAT.md §SSTable). They live apart
// from the writer and the reader so both use one definition of every byte.
//
//   sstable := dataBlock* filterBlock indexBlock footer
//   footer  := filterOffset:u64le filterLength:u32le indexOffset:u64le indexLength:u32le
//              entryCount:u64le formatVersion:u32le footerCrc:u32le magic:bytes[8]
//   handle  := offset:u64le storedLength:u32le
//
// footerCrc is crc32c of the footer's first 36 bytes (every field before it). The magic is
// ASCII "kvLSMsst". A handle's length counts the block's stored bytes, not its 5-byte trailer.

import { readU32, readU64, writeU32, writeU64 } from './bytes.js';
import { crc32c } from './checksum.js';
import { corruption } from './errors.js';

/** Bytes of the fixed footer at the end of every table file. */
export const FOOTER_BYTES = 48;
/** The table format this code writes and the only one it reads. */
export const FORMAT_VERSION = 1;
/** ASCII "kvLSMsst": the last 8 bytes of every table file. */
export const TABLE_MAGIC = new Uint8Array([0x6b, 0x76, 0x4c, 0x53, 0x4d, 0x73, 0x73, 0x74]);
/** Bytes after a block's stored bytes: codec:u8 crc32c:u32le. */
export const BLOCK_TRAILER_BYTES = 5;
/** Bytes of an encoded block handle (an index entry's value). */
export const HANDLE_BYTES = 12;

const CRC_AT = 36;
const MAGIC_AT = 40;

/** Where a block lies in the file: its first byte and its stored length (trailer excluded). */
export interface BlockHandle {
  readonly offset: number;
  readonly length: number;
}

export interface Footer {
  readonly filter: BlockHandle;
  readonly index: BlockHandle;
  readonly entryCount: number;
}

export function encodeFooter(footer: Footer): Uint8Array {
  const out = new Uint8Array(FOOTER_BYTES);
  writeU64(out, 0, footer.filter.offset);
  writeU32(out, 8, footer.filter.length);
  writeU64(out, 12, footer.index.offset);
  writeU32(out, 20, footer.index.length);
  writeU64(out, 24, footer.entryCount);
  writeU32(out, 32, FORMAT_VERSION);
  writeU32(out, CRC_AT, crc32c(out.subarray(0, CRC_AT)));
  out.set(TABLE_MAGIC, MAGIC_AT);
  return out;
}

/**
 * Decodes and checks the footer of a `fileBytes`-long file: magic, version, checksum, and that
 * the filter and index blocks lie exactly between the data blocks and the footer
 * (`… filter index footer`). Any failure is CORRUPTION naming `file` and the offending offset.
 */
export function decodeFooter(bytes: Uint8Array, file: string, fileBytes: number): Footer {
  const at = fileBytes - FOOTER_BYTES;
  if (at < 0 || bytes.length !== FOOTER_BYTES) throw corruption(file, 0, `file of ${fileBytes} bytes is too short for a table footer`);
  for (let i = 0; i < TABLE_MAGIC.length; i++) {
    if (bytes[MAGIC_AT + i] !== TABLE_MAGIC[i]) throw corruption(file, at + MAGIC_AT, 'bad table magic (not an sstable)');
  }
  const version = readU32(bytes, 32);
  if (version !== FORMAT_VERSION) throw corruption(file, at + 32, `unknown table format version ${version}`);
  if (readU32(bytes, CRC_AT) !== crc32c(bytes.subarray(0, CRC_AT))) throw corruption(file, at + CRC_AT, 'footer checksum mismatch');
  const filter = { offset: readU64(bytes, 0), length: readU32(bytes, 8) };
  const index = { offset: readU64(bytes, 12), length: readU32(bytes, 20) };
  if (blockEnd(index) !== at) throw corruption(file, at + 12, 'index block does not end at the footer');
  if (blockEnd(filter) !== index.offset) throw corruption(file, at, 'filter block does not end at the index block');
  return { filter, index, entryCount: readU64(bytes, 24) };
}

/** The file offset just past a block's trailer. */
export function blockEnd(handle: BlockHandle): number {
  return handle.offset + handle.length + BLOCK_TRAILER_BYTES;
}

export function encodeHandle(handle: BlockHandle): Uint8Array {
  const out = new Uint8Array(HANDLE_BYTES);
  writeU64(out, 0, handle.offset);
  writeU32(out, 8, handle.length);
  return out;
}

/** Decodes a handle from an index entry's value; the caller checks `value.length === HANDLE_BYTES`. */
export function decodeHandle(value: Uint8Array): BlockHandle {
  return { offset: readU64(value, 0), length: readU32(value, 8) };
}
