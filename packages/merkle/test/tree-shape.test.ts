import { describe, expect, test } from 'vitest';
import { MerkleError, shapeInfo } from '../src/index';
import { levelNodes } from '../src/tree-shape';

describe('tree shape', () => {
  test('derives leaves, nodes and hash bytes', () => {
    const info = shapeInfo({ fanout: 8, depth: 6 });
    expect(info).toEqual({ fanout: 8, depth: 6, fanoutLog2: 3, leaves: 262_144, nodes: 299_593, hashBytes: 2_396_744 });
    expect(levelNodes(info, 0)).toBe(1);
    expect(levelNodes(info, 6)).toBe(262_144);
    expect(shapeInfo({ fanout: 1024, depth: 2 }).leaves).toBe(1_048_576);
    expect(shapeInfo({ fanout: 2, depth: 24 }).leaves).toBe(2 ** 24);
  });

  test.each([
    [{ fanout: 3, depth: 2 }, /power of two/],
    [{ fanout: 1, depth: 2 }, /power of two/],
    [{ fanout: 2048, depth: 1 }, /power of two/],
    [{ fanout: 8.5, depth: 2 }, /power of two/],
    [{ fanout: 8, depth: 0 }, /depth/],
    [{ fanout: 8, depth: 1.5 }, /depth/],
    [{ fanout: 2, depth: 25 }, /leavesMax/],
    [{ fanout: 1024, depth: 3 }, /leavesMax/],
  ])('refuses %o', (shape, message) => {
    expect(() => shapeInfo(shape)).toThrow(MerkleError);
    expect(() => shapeInfo(shape)).toThrow(message);
  });
});
