// Format: FORMAT.md §Manifest
// VersionEdit: one atomic change to the live set of SSTables (files added and removed, counters
// advanced), as appended to the manifest. Its payload is UTF-8 JSON inside a checksummed log
// record (FORMAT.md §Manifest): edits are rare and small, and JSON keeps the manifest readable
// with `kv-lsm dump`-style tools; keys are hex.

import { fromHex, toHex } from './bytes.js';
import { corruption } from './errors.js';
import type { FileMeta } from './file-meta.js';
import { LEVELS } from './version.js';

export interface VersionEdit {
  /** Commit logs numbered below this hold nothing unflushed. */
  logNumber?: number;
  nextFileNumber?: number;
  lastSeq?: number;
  added?: { level: number; file: FileMeta }[];
  removed?: [level: number, fileNumber: number][];
  /** Where the next size-triggered compaction of a level starts (round robin over its keys). */
  compactPointers?: [level: number, key: Uint8Array][];
}

interface FileJson {
  level: number;
  number: number;
  fileBytes: number;
  smallest: string;
  largest: string;
  seqMin: number;
  seqMax: number;
  entryCount: number;
  tombstoneCount: number;
}

const utf8 = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeVersionEdit(edit: VersionEdit): Uint8Array {
  const json: Record<string, unknown> = {};
  if (edit.logNumber !== undefined) json['logNumber'] = edit.logNumber;
  if (edit.nextFileNumber !== undefined) json['nextFileNumber'] = edit.nextFileNumber;
  if (edit.lastSeq !== undefined) json['lastSeq'] = edit.lastSeq;
  if (edit.added !== undefined) {
    json['added'] = edit.added.map(({ level, file }): FileJson => ({
      level,
      number: file.number,
      fileBytes: file.fileBytes,
      smallest: toHex(file.smallestKey),
      largest: toHex(file.largestKey),
      seqMin: file.seqMin,
      seqMax: file.seqMax,
      entryCount: file.entryCount,
      tombstoneCount: file.tombstoneCount,
    }));
  }
  if (edit.removed !== undefined) json['removed'] = edit.removed;
  if (edit.compactPointers !== undefined) json['compactPointers'] = edit.compactPointers.map(([l, k]) => [l, toHex(k)]);
  return utf8.encode(JSON.stringify(json));
}

export function decodeVersionEdit(payload: Uint8Array, file: string, offset: number): VersionEdit {
  const bad = (what: string): never => {
    throw corruption(file, offset, `version edit: ${what}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(utf8Decoder.decode(payload));
  } catch {
    return bad('not UTF-8 JSON');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return bad('not an object');
  const o = json as Record<string, unknown>;
  const count = (v: unknown, what: string): number =>
    typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : bad(`${what} is not a count`);
  const level = (v: unknown): number => (count(v, 'level') < LEVELS ? (v as number) : bad('level out of range'));
  const key = (v: unknown): Uint8Array => (typeof v === 'string' ? fromHex(v) : undefined) ?? bad('key is not hex');
  const edit: VersionEdit = {};
  if (o['logNumber'] !== undefined) edit.logNumber = count(o['logNumber'], 'logNumber');
  if (o['nextFileNumber'] !== undefined) edit.nextFileNumber = count(o['nextFileNumber'], 'nextFileNumber');
  if (o['lastSeq'] !== undefined) edit.lastSeq = count(o['lastSeq'], 'lastSeq');
  if (o['added'] !== undefined) {
    if (!Array.isArray(o['added'])) bad('added is not a list');
    edit.added = (o['added'] as unknown[]).map((raw) => {
      const f = (typeof raw === 'object' && raw !== null ? raw : bad('added entry')) as Record<string, unknown>;
      return {
        level: level(f['level']),
        file: {
          number: count(f['number'], 'number'),
          fileBytes: count(f['fileBytes'], 'fileBytes'),
          smallestKey: key(f['smallest']),
          largestKey: key(f['largest']),
          seqMin: count(f['seqMin'], 'seqMin'),
          seqMax: count(f['seqMax'], 'seqMax'),
          entryCount: count(f['entryCount'], 'entryCount'),
          tombstoneCount: count(f['tombstoneCount'], 'tombstoneCount'),
        },
      };
    });
  }
  if (o['removed'] !== undefined) {
    if (!Array.isArray(o['removed'])) bad('removed is not a list');
    edit.removed = (o['removed'] as unknown[]).map((r) =>
      Array.isArray(r) && r.length === 2 ? [level(r[0]), count(r[1], 'file number')] : bad('removed entry'),
    );
  }
  if (o['compactPointers'] !== undefined) {
    if (!Array.isArray(o['compactPointers'])) bad('compactPointers is not a list');
    edit.compactPointers = (o['compactPointers'] as unknown[]).map((r) =>
      Array.isArray(r) && r.length === 2 ? [level(r[0]), key(r[1])] : bad('compact pointer'),
    );
  }
  return edit;
}
