// @kv/merkle: Tictac-style Merkle trees for anti-entropy between replicas — incrementally
// updated XOR hash trees over a key range, a level-by-level exchange that finds the differing
// leaves, and entry lists that turn those leaves into the differing keys. This barrel is the
// package's only public surface.
export { merkleDefaults, merkleLimits } from './defaults';
export type { Entry, EntryLike } from './entry';
export { diffEntries } from './entry-diff';
export type { EntryDiff } from './entry-diff';
export { ENTRY_LIST_MAGIC, ENTRY_LIST_VERSION, decodeEntries, encodeEntries } from './entry-list';
export type { DecodeEntriesOptions } from './entry-list';
export { MerkleError } from './errors';
export type { MerkleErrorCode } from './errors';
export type { Key } from './key-bytes';
export { childIndices, diffSlice } from './level-slice';
export type { LevelSlice } from './level-slice';
export { MerkleTree } from './merkle-tree';
export { entriesInSegments, segmentOf } from './segment';
export { SLICE_MAGIC, SLICE_VERSION, decodeSlice, encodeSlice } from './slice-codec';
export type { DecodeSliceOptions } from './slice-codec';
export { diffTrees } from './tree-diff';
export type { LevelTraffic, TreeDiff } from './tree-diff';
export { TreeExchange } from './tree-exchange';
export type { ExchangeOptions, ExchangeRecord } from './tree-exchange';
export { shapeInfo } from './tree-shape';
export type { ShapeInfo, TreeShape } from './tree-shape';
