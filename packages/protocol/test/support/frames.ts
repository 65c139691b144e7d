// Frame helpers for tests: build frames from raw (possibly invalid) objects with the same CBOR
// options the package uses, and unwrap decode results.
import { Encoder } from 'cbor-x';
import { expect } from 'vitest';
import type { FrameItem, FrameResult } from '../../src/index.js';

const raw = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });

/** Encodes anything as CBOR, without the package's checks (for invalid frames). */
export function rawCbor(value: unknown): Uint8Array {
  return raw.encode(value);
}

/** The items of a frame that must decode as a whole. */
export function itemsOf<M>(result: FrameResult<M>): readonly FrameItem<M>[] {
  if (!result.ok) throw new Error(`frame refused: ${result.code} ${result.message}`);
  return result.items;
}

/** The messages of a frame whose every item must be valid. */
export function messagesOf<M>(result: FrameResult<M>): M[] {
  return itemsOf(result).map((item) => {
    if (!item.ok) throw new Error(`item refused: ${item.code} ${item.message}`);
    return item.message;
  });
}

/** The single failed item of a one-message frame. */
export function failureOf<M>(result: FrameResult<M>): Extract<FrameItem<M>, { ok: false }> {
  const items = itemsOf(result);
  expect(items).toHaveLength(1);
  const item = items[0];
  if (item === undefined || item.ok) throw new Error('expected a failed item');
  return item;
}

export function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  return new Uint8Array(clean.match(/../g)?.map((pair) => parseInt(pair, 16)) ?? []);
}
