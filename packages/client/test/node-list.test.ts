// Node list: round robin over the listed nodes, learned nodes joining the rotation right away,
// malformed and duplicate URLs ignored, and the nodesMax bound.
import { describe, expect, it } from 'vitest';
import { NodeList } from '../src/node-list.js';

describe('NodeList', () => {
  it('rotates over the listed URLs', () => {
    const list = new NodeList(['ws://a:1', 'ws://b:1', 'ws://a:1'], 8);
    expect([list.next(), list.next(), list.next()]).toEqual(['ws://a:1', 'ws://b:1', 'ws://a:1']);
  });

  it('dials a node learned after a dial next', () => {
    const list = new NodeList(['ws://a:1'], 8);
    expect(list.next()).toBe('ws://a:1');
    list.learn(['ws://a:1', 'wss://b:2/kv', 'http://c:3', '', 'ws://', 42 as unknown as string]);
    expect(list.all).toEqual(['ws://a:1', 'wss://b:2/kv']);
    expect([list.next(), list.next()]).toEqual(['wss://b:2/kv', 'ws://a:1']);
  });

  it('learns no more than sizeMax URLs', () => {
    const list = new NodeList(['ws://a:1'], 3);
    list.learn(['ws://b:1', 'ws://c:1', 'ws://d:1']);
    expect(list.all).toEqual(['ws://a:1', 'ws://b:1', 'ws://c:1']);
  });
});
