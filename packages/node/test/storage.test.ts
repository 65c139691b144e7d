// The node's storage layout (DESIGN.md §4: records keyed by ring position, hints in their own
// keyspace) and the lsm-backed ReplicaStore / HintStore behind @kv/quorum's synchronous seams.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLsm } from '@kv/lsm';
import { hashKey } from '@kv/ring';
import type { SiblingSet } from '@kv/vclock';
import { emptyClock, emptySet, liveValues, write } from '@kv/vclock';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Durability } from '../src/durability.js';
import { LsmHintStore } from '../src/lsm-hint-store.js';
import { LsmReplicaStore } from '../src/lsm-replica-store.js';
import { decodeSet, encodeSet } from '../src/set-codec.js';
import { dataKey, hintKey, hintOwnerPrefix, keyOfDataKey, parseHintKey, prefixEnd } from '../src/storage-keys.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'kv-node-storage-'));
  dirs.push(dir);
  return dir;
}

const keyArb = fc.oneof(fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), fc.uint8Array({ minLength: 1, maxLength: 40 }));

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function setOf(value: string, actor = 'n1#1'): SiblingSet<Uint8Array> {
  return write(emptySet<Uint8Array>(), { actor, value: new TextEncoder().encode(value), nowMs: 1, context: emptyClock });
}

describe('storage keys', () => {
  it('round-trip every key and order data by ring position first', () => {
    fc.assert(
      fc.property(keyArb, keyArb, (a, b) => {
        expect(keyOfDataKey(dataKey(a))).toEqual(typeof a === 'string' ? a : Uint8Array.from(a));
        const byPosition = Math.sign((hashKey(a) >>> 0) - (hashKey(b) >>> 0));
        if (byPosition !== 0) expect(Math.sign(compareBytes(dataKey(a), dataKey(b)))).toBe(byPosition);
      }),
    );
  });

  it('keep a string key and the same bytes as different keys', () => {
    const asBytes = new TextEncoder().encode('same');
    expect(dataKey('same')).not.toEqual(dataKey(asBytes));
  });

  it('put every hint of an owner inside its prefix range, and only those', () => {
    fc.assert(
      fc.property(fc.constantFrom('n1', 'n10', 'n2', 'node-x'), fc.constantFrom('n1', 'n10', 'n2'), keyArb, (owner, other, key) => {
        const storageKey = hintKey(owner, key);
        expect(parseHintKey(storageKey).owner).toBe(owner);
        const start = hintOwnerPrefix(other);
        const inside = compareBytes(storageKey, start) >= 0 && compareBytes(storageKey, prefixEnd(start)) < 0;
        expect(inside).toBe(owner === other);
      }),
    );
  });
});

describe('set codec', () => {
  it('round-trips sibling sets with byte values', () => {
    const set = write(setOf('a'), { actor: 'n2#7', value: Uint8Array.of(0, 255), nowMs: 2, context: emptyClock });
    const back = decodeSet(encodeSet(set));
    expect(liveValues(back).map((v) => [...v])).toEqual(liveValues(set).map((v) => [...v]));
  });
});

describe('LsmReplicaStore', () => {
  it('shows a write at once (before its commit), and keeps it across a reopen once durable', async () => {
    const dir = tempDir();
    const lsm = await openLsm(dir, { syncPolicy: 'always' });
    const durability = new Durability((error) => {
      throw error;
    });
    const store = new LsmReplicaStore(lsm, durability);
    store.put('k', setOf('v1'));
    expect(liveValues(store.get('k')!).map((v) => new TextDecoder().decode(v))).toEqual(['v1']);
    expect(store.overlaySize).toBe(1);
    await durability.drain();
    expect(store.overlaySize).toBe(0);
    await lsm.close();
    const reopened = new LsmReplicaStore(await openLsm(dir), durability);
    expect(liveValues(reopened.get('k')!).map((v) => new TextDecoder().decode(v))).toEqual(['v1']);
    expect(reopened.get('missing')).toBeUndefined();
  });

  it('scans a snapshot: durable and pending writes as of the call, each key once, later writes not', async () => {
    const lsm = await openLsm(tempDir(), { syncPolicy: 'never' });
    const durability = new Durability((error) => {
      throw error;
    });
    const store = new LsmReplicaStore(lsm, durability);
    store.put('durable', setOf('d'));
    store.put(new Uint8Array([1, 2, 3]), setOf('bytes'));
    await durability.drain();
    store.put('durable', setOf('d2', 'n2#1')); // pending: the scan must give this version, once
    store.put('pending', setOf('p'));
    const scan = store.scan();
    store.put('after', setOf('a'));
    store.put('pending', setOf('p2', 'n2#1'));
    const seen = [...scan].map(({ key, set }) => `${typeof key === 'string' ? key : `bytes:${[...key].join('.')}`}=${new TextDecoder().decode(liveValues(set)[0]!)}`);
    expect(seen.sort()).toEqual(['bytes:1.2.3=bytes', 'durable=d2', 'pending=p']);
    await durability.drain();
    await lsm.close();
  });
});

describe('LsmHintStore', () => {
  it('counts, lists in a stable order, deletes, and reloads its index after a reopen', async () => {
    const dir = tempDir();
    const lsm = await openLsm(dir, { syncPolicy: 'always' });
    const durability = new Durability((error) => {
      throw error;
    });
    const hints = await LsmHintStore.open(lsm, durability);
    for (let i = 0; i < 5; i++) hints.put('n2', `k${i}`, setOf(`v${i}`));
    hints.put('n3', Uint8Array.of(1, 2), setOf('bytes'));
    expect(hints.count('n2')).toBe(5);
    expect(hints.targets()).toEqual(['n2', 'n3']);
    const first = hints.list('n2', 2).map((h) => h.key);
    expect(hints.list('n2', 2).map((h) => h.key)).toEqual(first);
    hints.delete('n2', first[0]!);
    expect(hints.count('n2')).toBe(4);
    expect(hints.get('n2', first[0]!)).toBeUndefined();
    await durability.drain();
    await lsm.close();
    const reopened = await LsmHintStore.open(await openLsm(dir), durability);
    expect(reopened.count('n2')).toBe(4);
    expect(reopened.total()).toBe(5);
    expect(liveValues(reopened.get('n3', Uint8Array.of(1, 2))!).map((v) => new TextDecoder().decode(v))).toEqual(['bytes']);
  });
});
