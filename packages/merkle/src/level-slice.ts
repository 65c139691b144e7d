// Level slice: the hashes of chosen nodes of one tree level — what two replicas exchange, level
// by level, to find the leaves where their trees differ. A slice names its tree's shape, the
// level, the node indices (strictly ascending) and their 64-bit hashes (two u32 lanes per
// node). Its wire form is in slice-codec.ts; the exchange that uses it is in tree-exchange.ts.
import { badRequest } from './errors';
import type { MerkleTree } from './merkle-tree';
import type { ShapeInfo, TreeShape } from './tree-shape';
import { checkLevel, levelNodes, sameShape, shapeInfo } from './tree-shape';

export interface LevelSlice {
  /** Shape of the tree the hashes come from; only a tree of the same shape can compare them. */
  readonly shape: TreeShape;
  /** 0 (root) .. shape.depth (leaves). */
  readonly level: number;
  /** Node indices within the level, strictly ascending. */
  readonly indices: Uint32Array;
  /** 2 × indices.length lanes: node i's hash is hashes[2i] (lane 0), hashes[2i + 1] (lane 1). */
  readonly hashes: Uint32Array;
}

/**
 * Throws MerkleError unless `indices` are strictly ascending integers below `nodes`.
 * `what` names the list in the message.
 */
export function checkIndices(indices: ArrayLike<number>, nodes: number, what: string): void {
  let previous = -1;
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i] ?? -1;
    if (!Number.isInteger(index) || index < 0 || index >= nodes) {
      throw badRequest(`${what}: index ${String(index)} at position ${i} is outside 0..${nodes - 1}`);
    }
    if (index <= previous) {
      throw badRequest(`${what}: indices must be strictly ascending, ${index} follows ${previous} at position ${i}`);
    }
    previous = index;
  }
}

/** Validates a slice (shape, level, indices, hash count); returns its shape's figures. */
export function checkSlice(slice: LevelSlice): ShapeInfo {
  const info = shapeInfo(slice.shape);
  checkLevel(info, slice.level);
  if (!(slice.indices instanceof Uint32Array) || !(slice.hashes instanceof Uint32Array)) {
    throw badRequest('slice indices and hashes must be Uint32Arrays');
  }
  checkIndices(slice.indices, levelNodes(info, slice.level), `slice of level ${slice.level}`);
  if (slice.hashes.length !== 2 * slice.indices.length) {
    throw badRequest(`slice has ${slice.indices.length} indices but ${slice.hashes.length} hash lanes (want 2 per index)`);
  }
  return info;
}

/** Throws MerkleError unless the slice comes from a tree of `shape`. */
export function checkSliceShape(slice: LevelSlice, shape: TreeShape): void {
  if (!sameShape(slice.shape, shape)) {
    throw badRequest(
      `slice is from a ${slice.shape.fanout}×${slice.shape.depth} tree, this tree is ${shape.fanout}×${shape.depth}`,
    );
  }
}

/**
 * The children of `indices` at the next level down, ascending when `indices` are: node i has
 * children i·fanout .. i·fanout + fanout − 1. `fanout` must be a power of two.
 */
export function childIndices(indices: ArrayLike<number>, fanout: number): Uint32Array {
  const children = new Uint32Array(indices.length * fanout);
  let at = 0;
  for (let i = 0; i < indices.length; i++) {
    const first = (indices[i] ?? 0) * fanout;
    for (let c = 0; c < fanout; c++) children[at++] = first + c;
  }
  return children;
}

/**
 * The indices of the remote slice's nodes whose hash differs from the same node of `tree`
 * (ascending). Throws MerkleError for a malformed slice or one from a tree of another shape.
 */
export function diffSlice(tree: MerkleTree, remote: LevelSlice): Uint32Array {
  return tree.diffSlice(remote);
}
