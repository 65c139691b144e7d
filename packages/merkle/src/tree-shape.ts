// Tree shape: the fan-out and depth that fix a tree's geometry. Level 0 is the root (one
// node), level `depth` holds the leaves (segments), and level l has fanout^l nodes. Two
// replicas can only compare trees of the same shape, so the shape travels in every slice.
import { merkleLimits } from './defaults';
import { badRequest } from './errors';

/** The shape of a tree, as callers give it. */
export interface TreeShape {
  /** Children per interior node: a power of two in 2..1024. */
  readonly fanout: number;
  /** Levels below the root (≥ 1); the leaves are at level `depth`. */
  readonly depth: number;
}

/** A validated shape with the figures derived from it. */
export interface ShapeInfo extends TreeShape {
  /** log2(fanout): a child of node i at level l is node (i << fanoutLog2) + c at level l + 1. */
  readonly fanoutLog2: number;
  /** Number of leaves (segments): fanout^depth. */
  readonly leaves: number;
  /** Number of nodes over all levels, root included. */
  readonly nodes: number;
  /** Bytes of hash storage a tree of this shape holds: 8 per node. */
  readonly hashBytes: number;
}

/** Bytes per node hash: two u32 lanes. */
export const NODE_HASH_BYTES = 8;

function isPowerOfTwo(value: number): boolean {
  return Number.isInteger(value) && value > 0 && (value & (value - 1)) === 0;
}

/** Validates a shape and derives its figures; throws MerkleError BAD_REQUEST if impossible. */
export function shapeInfo(shape: TreeShape): ShapeInfo {
  const { fanout, depth } = shape;
  const { fanoutMin, fanoutMax, leavesMax } = merkleLimits;
  if (!isPowerOfTwo(fanout) || fanout < fanoutMin || fanout > fanoutMax) {
    throw badRequest(`fanout must be a power of two in ${fanoutMin}..${fanoutMax}, got ${String(fanout)}`);
  }
  if (!Number.isInteger(depth) || depth < 1) {
    throw badRequest(`depth must be an integer ≥ 1, got ${String(depth)}`);
  }
  const fanoutLog2 = Math.log2(fanout);
  const leavesLog2 = fanoutLog2 * depth;
  if (leavesLog2 > Math.log2(leavesMax)) {
    throw badRequest(`a ${fanout}×${depth} tree has 2^${leavesLog2} leaves, more than leavesMax (${leavesMax})`);
  }
  const leaves = 2 ** leavesLog2;
  let nodes = 0;
  for (let level = 0; level <= depth; level++) nodes += 2 ** (fanoutLog2 * level);
  return { fanout, depth, fanoutLog2, leaves, nodes, hashBytes: nodes * NODE_HASH_BYTES };
}

/** Nodes at `level` of a validated shape. */
export function levelNodes(info: ShapeInfo, level: number): number {
  return 2 ** (info.fanoutLog2 * level);
}

/** True when two shapes are the same geometry. */
export function sameShape(a: TreeShape, b: TreeShape): boolean {
  return a.fanout === b.fanout && a.depth === b.depth;
}

/** Throws MerkleError unless `level` is an integer in 0..depth. */
export function checkLevel(info: ShapeInfo, level: number): void {
  if (!Number.isInteger(level) || level < 0 || level > info.depth) {
    throw badRequest(`level must be an integer in 0..${info.depth}, got ${String(level)}`);
  }
}
