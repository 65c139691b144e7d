// Entry list: the wire form of the (key, digest) pairs a replica holds in the differing
// segments, the last step of finding differing keys. The grammar, with a worked byte example,
// is in README.md ("Wire formats"):
//
//   entry-list := magic:u8=0x45 version:u8=0x01 count:varint entry{count}
//   entry      := keyLength:varint key:bytes[keyLength] digestLength:u8 digest:bytes[digestLength]
//
// Keys are 1..1024 bytes, digests 1..64 bytes, and keys are strictly ascending in unsigned
// byte order (so a list has one encoding and a diff is one merge). Decoding validates
// everything and throws MerkleError BAD_REQUEST.
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { merkleDefaults, merkleLimits } from './defaults';
import type { Entry, EntryLike } from './entry';
import { toEntry } from './entry';
import { checkDigest } from './entry-hash';
import { badRequest } from './errors';
import { compareBytes, keyBytes } from './key-bytes';

/** First byte of every encoded entry list ("E"). */
export const ENTRY_LIST_MAGIC = 0x45;
/** Entry-list format version this code writes and reads. */
export const ENTRY_LIST_VERSION = 1;
/** Fewest bytes one entry takes: 1-byte length, 1-byte key, 1-byte length, 1-byte digest. */
const ENTRY_BYTES_MIN = 4;

export interface DecodeEntriesOptions {
  /** Give keys back as UTF-8 strings ('utf8', invalid UTF-8 is an error) or bytes (default). */
  readonly keyEncoding?: 'bytes' | 'utf8';
  /** Largest encoded list accepted, in bytes. Default merkleDefaults.entriesBytesMax. */
  readonly entriesBytesMax?: number;
}

/** An entry with its key's bytes, sorted by those bytes. */
interface KeyedEntry {
  readonly bytes: Uint8Array;
  readonly entry: Entry;
}

/**
 * Entries with their key bytes, validated and sorted by key bytes (ascending). Throws
 * MerkleError for a bad key or digest or a key given twice.
 */
export function sortedEntries(entries: Iterable<EntryLike>, what: string): KeyedEntry[] {
  const keyed: KeyedEntry[] = [];
  for (const item of entries) {
    const entry = toEntry(item);
    checkDigest(entry.digest);
    keyed.push({ bytes: keyBytes(entry.key), entry });
  }
  keyed.sort((a, b) => compareBytes(a.bytes, b.bytes));
  for (let i = 1; i < keyed.length; i++) {
    const previous = keyed[i - 1];
    const current = keyed[i];
    if (previous !== undefined && current !== undefined && compareBytes(previous.bytes, current.bytes) === 0) {
      throw badRequest(`${what}: key ${JSON.stringify(String(current.entry.key))} appears twice`);
    }
  }
  return keyed;
}

/** Encodes entries (any order; sorted by key bytes on the wire). MerkleError on a bad entry. */
export function encodeEntries(entries: Iterable<EntryLike>): Uint8Array {
  const keyed = sortedEntries(entries, 'entry list');
  let estimate = 8;
  for (const { bytes, entry } of keyed) estimate += bytes.length + entry.digest.length + 3;
  const writer = new ByteWriter(estimate);
  writer.u8(ENTRY_LIST_MAGIC);
  writer.u8(ENTRY_LIST_VERSION);
  writer.varint(keyed.length);
  for (const { bytes, entry } of keyed) {
    writer.varint(bytes.length);
    writer.bytes(bytes);
    writer.u8(entry.digest.length);
    writer.bytes(entry.digest);
  }
  return writer.finish();
}

function readHeader(reader: ByteReader): number {
  const magic = reader.u8('magic');
  if (magic !== ENTRY_LIST_MAGIC) throw reader.error(`magic is 0x${magic.toString(16)}, want 0x45`);
  const version = reader.u8('version');
  if (version !== ENTRY_LIST_VERSION) throw reader.error(`version ${version} is not supported (want ${ENTRY_LIST_VERSION})`);
  const count = reader.varint('count');
  if (count * ENTRY_BYTES_MIN > reader.remaining) {
    throw reader.error(`${count} entries cannot fit in ${reader.remaining} bytes`);
  }
  return count;
}

function readEntry(reader: ByteReader, previous: Uint8Array | undefined): { bytes: Uint8Array; digest: Uint8Array } {
  const keyLength = reader.varint('keyLength');
  if (keyLength === 0 || keyLength > merkleLimits.keyBytesMax) {
    throw reader.error(`keyLength ${keyLength} is outside 1..${merkleLimits.keyBytesMax}`);
  }
  const bytes = reader.bytes(keyLength, 'key');
  if (previous !== undefined && compareBytes(previous, bytes) >= 0) {
    throw reader.error('keys must be strictly ascending');
  }
  const digestLength = reader.u8('digestLength');
  if (digestLength === 0 || digestLength > merkleLimits.digestBytesMax) {
    throw reader.error(`digestLength ${digestLength} is outside 1..${merkleLimits.digestBytesMax}`);
  }
  return { bytes, digest: reader.bytes(digestLength, 'digest') };
}

/**
 * Decodes an entry list. Throws MerkleError BAD_REQUEST for anything malformed: wrong magic or
 * version, a count the bytes cannot hold, lengths out of range, keys not strictly ascending,
 * invalid UTF-8 (keyEncoding 'utf8'), truncation, trailing bytes, or more than entriesBytesMax.
 */
export function decodeEntries(bytes: Uint8Array, options: DecodeEntriesOptions = {}): Entry[] {
  const bytesMax = options.entriesBytesMax ?? merkleDefaults.entriesBytesMax;
  if (bytes instanceof Uint8Array && bytes.length > bytesMax) {
    throw badRequest(`entry list is ${bytes.length} bytes, more than entriesBytesMax (${bytesMax})`);
  }
  const reader = new ByteReader(bytes, 'entry list');
  const count = readHeader(reader);
  const text = options.keyEncoding === 'utf8' ? new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }) : undefined;
  const entries: Entry[] = [];
  let previous: Uint8Array | undefined;
  for (let i = 0; i < count; i++) {
    const offset = reader.offset;
    const { bytes: key, digest } = readEntry(reader, previous);
    previous = key;
    if (text === undefined) {
      entries.push({ key, digest });
      continue;
    }
    try {
      entries.push({ key: text.decode(key), digest });
    } catch (cause) {
      throw badRequest(`malformed entry list at byte ${offset}: key is not valid UTF-8`, { cause });
    }
  }
  reader.end();
  return entries;
}
