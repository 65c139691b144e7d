// Slice codec: the wire form of a LevelSlice, the message two replicas exchange level by level.
// The grammar, with a worked byte example, is in README.md ("Wire formats"):
//
//   slice := magic:u8=0x53 version:u8=0x01 fanoutLog2:u8 depth:u8 level:u8
//            runCount:varint run{runCount} hash{count}
//   run   := gap:varint length:varint      start = previous run's end + gap (first run: gap)
//   hash  := lane0:u32le lane1:u32le       count = sum of run lengths
//
// Indices travel as maximal runs of consecutive nodes: an exchange sends the children of
// differing nodes, which come in runs of `fanout`, so an index costs a fraction of a byte and a
// node costs ~8 bytes. Decoding validates everything and throws MerkleError BAD_REQUEST.
import { ByteReader } from './byte-reader';
import { ByteWriter } from './byte-writer';
import { merkleDefaults } from './defaults';
import { badRequest } from './errors';
import type { LevelSlice } from './level-slice';
import { checkSlice } from './level-slice';
import type { TreeShape } from './tree-shape';
import { NODE_HASH_BYTES, levelNodes, shapeInfo } from './tree-shape';

/** First byte of every encoded slice ("S"). */
export const SLICE_MAGIC = 0x53;
/** Slice format version this code writes and reads. */
export const SLICE_VERSION = 1;
/** Bytes before the runs: magic, version, fanoutLog2, depth, level. */
const HEADER_BYTES = 5;

export interface DecodeSliceOptions {
  /** Largest encoded slice accepted, in bytes. Default merkleDefaults.sliceBytesMax. */
  readonly sliceBytesMax?: number;
}

/** Maximal runs of consecutive indices, as [start, length] pairs flattened. */
function runsOf(indices: Uint32Array): number[] {
  const runs: number[] = [];
  let i = 0;
  while (i < indices.length) {
    const start = indices[i] ?? 0;
    let length = 1;
    while (i + length < indices.length && indices[i + length] === start + length) length++;
    runs.push(start, length);
    i += length;
  }
  return runs;
}

/** Encodes a slice (validated first; MerkleError if malformed). */
export function encodeSlice(slice: LevelSlice): Uint8Array {
  const info = checkSlice(slice);
  const runs = runsOf(slice.indices);
  const count = slice.indices.length;
  const writer = new ByteWriter(HEADER_BYTES + 5 + runs.length * 5 + count * NODE_HASH_BYTES);
  writer.u8(SLICE_MAGIC);
  writer.u8(SLICE_VERSION);
  writer.u8(info.fanoutLog2);
  writer.u8(info.depth);
  writer.u8(slice.level);
  writer.varint(runs.length / 2);
  let end = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r] ?? 0;
    const length = runs[r + 1] ?? 0;
    writer.varint(start - end);
    writer.varint(length);
    end = start + length;
  }
  for (let i = 0; i < slice.hashes.length; i++) writer.u32le(slice.hashes[i] ?? 0);
  return writer.finish();
}

/** Reads and checks the header; returns the level. */
function readHeader(reader: ByteReader, shape: TreeShape): number {
  const info = shapeInfo(shape);
  const magic = reader.u8('magic');
  if (magic !== SLICE_MAGIC) throw reader.error(`magic is 0x${magic.toString(16)}, want 0x53`);
  const version = reader.u8('version');
  if (version !== SLICE_VERSION) throw reader.error(`version ${version} is not supported (want ${SLICE_VERSION})`);
  const fanoutLog2 = reader.u8('fanoutLog2');
  const depth = reader.u8('depth');
  if (fanoutLog2 !== info.fanoutLog2 || depth !== info.depth) {
    throw reader.error(`slice is for a 2^${fanoutLog2}×${depth} tree, this tree is ${info.fanout}×${info.depth}`);
  }
  const level = reader.u8('level');
  if (level > info.depth) throw reader.error(`level ${level} is deeper than the tree (depth ${info.depth})`);
  return level;
}

/** Reads the runs; returns them flattened as [start, length] pairs and the node count. */
function readRuns(reader: ByteReader, nodes: number): { runs: number[]; count: number } {
  const runCount = reader.varint('runCount');
  if (runCount * 2 > reader.remaining) throw reader.error(`${runCount} runs cannot fit in ${reader.remaining} bytes`);
  const runs: number[] = [];
  let end = 0;
  let count = 0;
  for (let r = 0; r < runCount; r++) {
    const gap = reader.varint('gap');
    const length = reader.varint('length');
    if (length === 0) throw reader.error(`run ${r} is empty`);
    if (r > 0 && gap === 0) throw reader.error(`run ${r} touches run ${r - 1} (runs must be maximal)`);
    const start = end + gap;
    end = start + length;
    if (end > nodes) throw reader.error(`run ${r} ends at index ${end - 1}, beyond the level's ${nodes} nodes`);
    runs.push(start, length);
    count += length;
  }
  return { runs, count };
}

/**
 * Decodes a slice of a tree of `shape`. Throws MerkleError BAD_REQUEST for anything malformed:
 * wrong magic or version, another shape, level out of range, runs empty, touching or out of
 * range, hash bytes missing or trailing, or more than sliceBytesMax bytes.
 */
export function decodeSlice(bytes: Uint8Array, shape: TreeShape, options: DecodeSliceOptions = {}): LevelSlice {
  const bytesMax = options.sliceBytesMax ?? merkleDefaults.sliceBytesMax;
  if (bytes instanceof Uint8Array && bytes.length > bytesMax) {
    throw badRequest(`level slice is ${bytes.length} bytes, more than sliceBytesMax (${bytesMax})`);
  }
  const reader = new ByteReader(bytes, 'level slice');
  const level = readHeader(reader, shape);
  const info = shapeInfo(shape);
  const { runs, count } = readRuns(reader, levelNodes(info, level));
  if (reader.remaining !== count * NODE_HASH_BYTES) {
    throw reader.error(`${count} nodes need ${count * NODE_HASH_BYTES} hash bytes, ${reader.remaining} left`);
  }
  const indices = new Uint32Array(count);
  let at = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const start = runs[r] ?? 0;
    const length = runs[r + 1] ?? 0;
    for (let i = 0; i < length; i++) indices[at++] = start + i;
  }
  const hashes = new Uint32Array(2 * count);
  for (let i = 0; i < hashes.length; i++) hashes[i] = reader.u32le('hash lane');
  reader.end();
  return { shape: { fanout: info.fanout, depth: info.depth }, level, indices, hashes };
}
