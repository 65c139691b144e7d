// @kv/ring: consistent hashing for a Dynamo-style store — virtual nodes, weights,
// zone-aware preference lists, per-zone replica lists, ownership and ring diffs.
// This is the package's only public entry point.
export { createRing } from './ring';
export type { Key, Ring, RingOptions } from './ring';
export type { Member, RingMember } from './member';
export type { RingRange } from './ring-ranges';
export { diffRings } from './ring-diff';
export type { RingDiffRange } from './ring-diff';
export { hashKey, ringPositionsCount } from './key-hash';
export { tokenPosition } from './token-table';
export { keySpaceFraction, rangeContains, rangeSize } from './range';
export type { Range } from './range';
export { RingError } from './errors';
export type { RingErrorCode } from './errors';
export {
  memberIdCharsMax,
  preferenceCacheBytesMax,
  ringMembersMax,
  ringTokensMax,
  vnodesPerWeightDefault,
  vnodesPerWeightMax,
  zoneNameCharsMax,
} from './defaults';
