// README.md, run: the Usage example verbatim (only the import path differs), and the worked
// byte examples of both wire formats.
// README:begin
import { MerkleTree, decodeEntries, diffEntries, diffTrees, encodeEntries, entriesInSegments } from '../src/index';

const v = (text: string) => new TextEncoder().encode(text); // a version digest, e.g. a hash of the sibling set
const storeA = new Map([['apple', v('1')], ['banana', v('1')], ['cherry', v('1')]]);
const storeB = new Map([['apple', v('1')], ['banana', v('1')], ['damson', v('1')]]);
const treeA = MerkleTree.fromEntries(storeA);
const treeB = MerkleTree.fromEntries(storeB);

// A write on B: the replica knows the old digest (it read-modify-writes the sibling set).
treeB.update('banana', storeB.get('banana') ?? null, v('2'));
storeB.set('banana', v('2'));

const { leaves } = diffTrees(treeA, treeB); // the segments that differ, found level by level
const fromA = encodeEntries(entriesInSegments(storeA, leaves, treeA.shape)); // A sends its entries there
const diff = diffEntries(entriesInSegments(storeB, leaves, treeB.shape), decodeEntries(fromA, { keyEncoding: 'utf8' }));
console.log(diff); // { missingLocal: [ 'cherry' ], missingRemote: [ 'damson' ], different: [ 'banana' ] }
// README:end

import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { decodeSlice, encodeSlice } from '../src/index';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

/** The bytes of the first code block after `heading` that starts with hex bytes (comments dropped). */
function hexBlockAfter(heading: string): Uint8Array {
  const blocks = readme.slice(readme.indexOf(heading)).split('```');
  const block = blocks.find((text, i) => i % 2 === 1 && /^\n[0-9a-f]{2} /.test(text)) ?? '';
  const bytes: number[] = [];
  for (const line of block.trim().split('\n')) {
    for (const token of line.trim().split(/\s+/)) {
      if (!/^[0-9a-f]{2}$/.test(token)) break;
      bytes.push(parseInt(token, 16));
    }
  }
  return Uint8Array.from(bytes);
}

describe('README', () => {
  test('the Usage example runs and prints what its comment says', () => {
    expect(diff).toEqual({ missingLocal: ['cherry'], missingRemote: ['damson'], different: ['banana'] });
  });

  test('the Usage example in README.md is this file’s copy', () => {
    const mine = readFileSync(new URL(import.meta.url), 'utf8');
    const copy = mine.slice(mine.indexOf('// README:begin\n') + 16, mine.indexOf('// README:end')).replace("'../src/index'", "'@kv/merkle'");
    const usage = readme.slice(readme.indexOf('## Usage'));
    const block = usage.slice(usage.indexOf('```ts\n') + 6, usage.indexOf('```\n', usage.indexOf('```ts\n') + 6));
    expect(block).toBe(copy);
  });

  test('the level-slice worked example decodes as described', () => {
    const bytes = hexBlockAfter('### Level slice');
    expect(bytes.length).toBe(34);
    const slice = decodeSlice(bytes, { fanout: 4, depth: 2 });
    expect(slice.level).toBe(2);
    expect(Array.from(slice.indices)).toEqual([1, 2, 9]);
    expect(Array.from(slice.hashes)).toEqual([0x11111111, 0x22222222, 0x33333333, 0x44444444, 0xdeadbeef, 0x01020304]);
    expect(encodeSlice(slice)).toEqual(bytes);
  });

  test('the entry-list worked example decodes as described', () => {
    const bytes = hexBlockAfter('### Entry list');
    expect(bytes.length).toBe(16);
    expect(decodeEntries(bytes)).toEqual([
      { key: v('apple'), digest: Uint8Array.of(1, 2) },
      { key: Uint8Array.of(0xff), digest: Uint8Array.of(0xaa) },
    ]);
    expect(encodeEntries(decodeEntries(bytes))).toEqual(bytes);
  });
});
