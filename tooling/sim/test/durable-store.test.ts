// The simulated disk: a crash keeps exactly what was synced (the persist contract), for both the
// replica store and the hint store.
import { emptySet, write } from '@kv/vclock';
import { describe, expect, it } from 'vitest';
import { DurableHintStore, DurableReplicaStore } from '../src/durable-store.js';

const setOf = (value: string) => write(emptySet<string>(), { context: emptySet<string>().context, actor: 'a', nowMs: 1, value });

describe('durable stores', () => {
  it('a crash drops unsynced replica writes and keeps synced ones', () => {
    const store = new DurableReplicaStore();
    store.put('k1', setOf('one'));
    store.sync();
    store.put('k2', setOf('two'));
    expect(store.get('k2')).toBeDefined();
    store.crash();
    expect(store.get('k1')).toBeDefined();
    expect(store.get('k2')).toBeUndefined();
  });

  it('a crash restores hints, deletions included, to the last sync', () => {
    const hints = new DurableHintStore();
    hints.put('b', 'k1', setOf('one'));
    hints.sync();
    hints.delete('b', 'k1');
    hints.put('c', 'k2', setOf('two'));
    expect(hints.targets()).toEqual(['c']);
    hints.crash();
    expect(hints.targets()).toEqual(['b']);
    expect(hints.count('b')).toBe(1);
    expect(hints.list('b', 10)).toHaveLength(1);
  });
});
