// Client → node frames: every client message round-trips, and every validation rule refuses
// the message alone, with BAD_REQUEST, the message's id and the field's name (PROTOCOL.md,
// "Client messages").
import { Encoder } from 'cbor-x';
import { describe, expect, it } from 'vitest';
import { decodeClientFrame, encodeFrame, protocolLimits, validateKey } from '../src/index.js';
import { failureOf, fromHex, itemsOf, messagesOf, rawCbor } from './support/frames.js';
import { bytes, clientSamples, context } from './support/samples.js';

const decodeOne = (message: unknown) => decodeClientFrame(rawCbor([message]));

describe('client messages round-trip', () => {
  for (const [name, message] of Object.entries(clientSamples)) {
    it(name, () => {
      expect(messagesOf(decodeClientFrame(encodeFrame([message])))).toEqual([message]);
    });
  }

  it('all of them in one frame, in order', () => {
    const all = Object.values(clientSamples);
    expect(messagesOf(decodeClientFrame(encodeFrame(all)))).toEqual(all);
  });

  it('decodes byte strings as Uint8Array', () => {
    const [put] = messagesOf(decodeClientFrame(encodeFrame([clientSamples['put']!])));
    expect(put?.t === 'put' && put.value instanceof Uint8Array).toBe(true);
  });

  it('omits undefined fields on the wire', () => {
    const withUndefined = { t: 'get', id: 1, key: 'k', keyspace: undefined } as const;
    const frame = encodeFrame([withUndefined as never]);
    expect(frame).toEqual(encodeFrame([{ t: 'get', id: 1, key: 'k' }]));
  });

  it('ignores unknown fields and never copies them', () => {
    const [message] = messagesOf(decodeOne({ t: 'get', id: 9, key: 'k', future: 'field' }));
    expect(message).toEqual({ t: 'get', id: 9, key: 'k' });
    expect(Object.keys(message ?? {})).not.toContain('future');
  });

  it('accepts other valid CBOR encodings of the same message (interop with other encoders)', () => {
    // [{_ "t": "get", "id": 1.0 (float64), "key": "k"}]: an indefinite-length map, id as an integral float
    const frame = fromHex('81 bf 6174 63676574 626964 fb3ff0000000000000 636b6579 616b ff');
    expect(messagesOf(decodeClientFrame(frame))).toEqual([{ t: 'get', id: 1, key: 'k' }]);
    // id 1 as a needlessly wide uint64 (1b 0000000000000001)
    expect(messagesOf(decodeClientFrame(fromHex('81a3 6174 63676574 626964 1b0000000000000001 636b6579 616b')))).toEqual([{ t: 'get', id: 1, key: 'k' }]);
  });

  it('accepts the largest request id and a 1024-byte key', () => {
    const key = 'x'.repeat(protocolLimits.keyBytesMax);
    const message = { t: 'get', id: protocolLimits.requestIdMax, key } as const;
    expect(messagesOf(decodeClientFrame(encodeFrame([message])))).toEqual([message]);
  });
});

interface Rule {
  readonly name: string;
  readonly message: Record<string, unknown>;
  readonly id: number | null;
  /** A fragment the error message must contain (the field's name). */
  readonly says: string;
}

const get = { t: 'get', id: 11, key: 'k' };
const put = { t: 'put', id: 12, key: 'k', value: bytes(1) };
const del = { t: 'delete', id: 13, key: 'k', context };
const hello = { t: 'hello', versionMin: 1, versionMax: 1, agent: 'x' };

const rules: Rule[] = [
  { name: 'unknown t', message: { t: 'scan', id: 4 }, id: 4, says: "unknown client message type 'scan'" },
  { name: 't missing', message: { id: 4, key: 'k' }, id: 4, says: 't must be a string' },
  { name: 'message not a map', message: ['get'] as never, id: null, says: 'message must be a map' },
  { name: 'id missing', message: { t: 'get', key: 'k' }, id: null, says: 'id must be an integer' },
  { name: 'id zero', message: { ...get, id: 0 }, id: null, says: 'id must be an integer' },
  { name: 'id fractional', message: { ...get, id: 1.5 }, id: null, says: 'id must be an integer' },
  { name: 'id over 2^53-1', message: { ...get, id: 2 ** 53 }, id: null, says: 'id must be an integer' },
  { name: 'id a string', message: { ...get, id: '1' }, id: null, says: 'id must be an integer' },
  { name: 'key missing', message: { t: 'get', id: 11 }, id: 11, says: 'key must be a string or a byte string' },
  { name: 'key a number', message: { ...get, key: 5 }, id: 11, says: 'key must be a string or a byte string' },
  { name: 'key empty string', message: { ...get, key: '' }, id: 11, says: 'key must have 1..1024 bytes' },
  { name: 'key empty bytes', message: { ...get, key: bytes() }, id: 11, says: 'key must have 1..1024 bytes' },
  { name: 'key 1025 bytes', message: { ...get, key: new Uint8Array(1025) }, id: 11, says: 'key must have 1..1024 bytes' },
  { name: 'key 1025 UTF-8 bytes in 513 chars', message: { ...get, key: 'é'.repeat(512) + 'x' }, id: 11, says: 'has 1025' },
  { name: 'keyspace not a string', message: { ...get, keyspace: 3 }, id: 11, says: 'keyspace must be a string' },
  { name: 'keyspace empty', message: { ...get, keyspace: '' }, id: 11, says: 'keyspace must have 1..64' },
  { name: 'keyspace 65 chars', message: { ...get, keyspace: 'k'.repeat(65) }, id: 11, says: 'keyspace must have 1..64' },
  { name: 'timeoutMs 0', message: { ...get, timeoutMs: 0 }, id: 11, says: 'timeoutMs must be in 1..60000' },
  { name: 'timeoutMs 60001', message: { ...get, timeoutMs: 60_001 }, id: 11, says: 'timeoutMs must be in 1..60000' },
  { name: 'timeoutMs fractional', message: { ...get, timeoutMs: 1.5 }, id: 11, says: 'timeoutMs must be an integer' },
  { name: 'sloppy not a boolean', message: { ...get, sloppy: 1 }, id: 11, says: 'sloppy must be a boolean' },
  { name: 'r 0', message: { ...get, r: 0 }, id: 11, says: "r must be an integer in 1..16 or one of 'one'" },
  { name: 'r 17', message: { ...get, r: 17 }, id: 11, says: 'r must be an integer in 1..16' },
  { name: 'r unknown name', message: { ...get, r: 'most' }, id: 11, says: 'r must be' },
  { name: 'value missing', message: { t: 'put', id: 12, key: 'k' }, id: 12, says: 'value must be a byte string' },
  { name: 'value a string', message: { ...put, value: 'v' }, id: 12, says: 'value must be a byte string' },
  { name: 'context not a string', message: { ...put, context: bytes(1) }, id: 12, says: 'context must be a string' },
  { name: 'context empty', message: { ...put, context: '' }, id: 12, says: 'context must have 1..65536' },
  { name: 'context too long', message: { ...put, context: 'c'.repeat(65_537) }, id: 12, says: 'context must have 1..65536' },
  { name: 'w out of range', message: { ...put, w: 99 }, id: 12, says: 'w must be' },
  { name: 'delete without context', message: { t: 'delete', id: 13, key: 'k' }, id: 13, says: 'context is required' },
  { name: 'delete with bad w', message: { ...del, w: 'two' }, id: 13, says: 'w must be' },
  { name: 'status without id', message: { t: 'status' }, id: null, says: 'id must be' },
  { name: 'hello without agent', message: { t: 'hello', versionMin: 1, versionMax: 1 }, id: null, says: 'agent must be a string' },
  { name: 'hello agent too long', message: { ...hello, agent: 'a'.repeat(129) }, id: null, says: 'agent must have 0..128' },
  { name: 'hello versionMin 0', message: { ...hello, versionMin: 0 }, id: null, says: 'versionMin must be in 1..65535' },
  { name: 'hello versionMin > versionMax', message: { ...hello, versionMin: 2 }, id: null, says: 'versionMin must not be greater' },
];

describe('client message validation', () => {
  for (const rule of rules) {
    it(`${rule.name} → BAD_REQUEST, id ${String(rule.id)}`, () => {
      const failure = failureOf(decodeOne(rule.message));
      expect(failure.code).toBe('BAD_REQUEST');
      expect(failure.id).toBe(rule.id);
      expect(failure.message).toContain(rule.says);
    });
  }

  it('a frame mixing a valid and an invalid message yields one ok item and one failed item', () => {
    const items = itemsOf(decodeClientFrame(rawCbor([get, { ...put, value: 'not bytes' }])));
    expect(items).toEqual([
      { ok: true, message: get },
      { ok: false, id: 12, code: 'BAD_REQUEST', message: 'value must be a byte string' },
    ]);
  });

  it('a key with a lone surrogate is refused by validateKey (the rule nodes and clients share)', () => {
    expect(() => validateKey('a\ud800b')).toThrow(expect.objectContaining({ code: 'BAD_REQUEST', message: 'key must not contain a lone surrogate' }) as Error);
    expect(() => validateKey('\udc00')).toThrow(/lone surrogate/);
    expect(validateKey('\ud83d\ude00')).toBe('\ud83d\ude00');
  });

  it('ill-formed UTF-8 in a text key (e.g. an encoded surrogate) decodes as U+FFFD, never as a lone surrogate', () => {
    // [{"t": "get", "id": 1, "key": "a" ED A0 80 "b"}]
    const frame = fromHex('81 a3 6174 63676574 626964 01 636b6579 65 61eda08062');
    expect(messagesOf(decodeClientFrame(frame))).toEqual([{ t: 'get', id: 1, key: 'a\ufffd\ufffd\ufffdb' }]);
  });

  it('a __proto__ field cannot smuggle a type or fields in through the prototype', () => {
    const bytesWithProto = rawCbor([{ id: 3, key: 'k', ['__proto__']: { t: 'get' } }]);
    expect(failureOf(decodeClientFrame(bytesWithProto)).message).toContain('t must be a string');
  });
});

describe('client frames as a whole', () => {
  const refused = (bytes: Uint8Array) => {
    const result = decodeClientFrame(bytes);
    return result.ok ? 'ok' : result.code;
  };

  it('refuses bytes that are not CBOR, trailing bytes and an empty input with BAD_FRAME', () => {
    expect(refused(new Uint8Array([0xff]))).toBe('BAD_FRAME');
    expect(refused(new Uint8Array())).toBe('BAD_FRAME');
    expect(refused(new Uint8Array([...encodeFrame([get as never]), 0x00]))).toBe('BAD_FRAME');
    expect(refused(new Uint8Array([0x82, 0x01]))).toBe('BAD_FRAME');
  });

  it('refuses a frame that is not an array, or holds 0 or more than 1024 messages, with BAD_FRAME', () => {
    expect(refused(rawCbor(get))).toBe('BAD_FRAME');
    expect(refused(rawCbor([]))).toBe('BAD_FRAME');
    expect(refused(rawCbor(Array.from({ length: 1025 }, () => get)))).toBe('BAD_FRAME');
    expect(refused(rawCbor(Array.from({ length: 1024 }, () => get)))).toBe('ok');
  });

  it('refuses a frame over frameBytesMax with FRAME_TOO_LARGE before decoding it', () => {
    const huge = new Uint8Array(protocolLimits.clientFrameBytesMax + 1).fill(0xff);
    const startMs = performance.now();
    const result = decodeClientFrame(huge);
    expect(performance.now() - startMs).toBeLessThan(50);
    expect(result).toEqual({ ok: false, code: 'FRAME_TOO_LARGE', message: expect.stringContaining('over frameBytesMax 1048576') as string });
    const frame = encodeFrame([clientSamples['put']!]);
    expect(refused(frame.subarray(0))).toBe('ok');
    expect(decodeClientFrame(frame, { frameBytesMax: frame.length - 1 })).toMatchObject({ ok: false, code: 'FRAME_TOO_LARGE' });
    expect(decodeClientFrame(frame, { frameBytesMax: frame.length }).ok).toBe(true);
  });

  it('refuses absurd nesting with BAD_FRAME, fast, and decodes the next frame normally', () => {
    const startMs = performance.now();
    for (const header of [0x81, 0xa1, 0xd8]) {
      expect(refused(new Uint8Array(1_000_000).fill(header))).toBe('BAD_FRAME');
    }
    expect(performance.now() - startMs).toBeLessThan(2000);
    expect(messagesOf(decodeClientFrame(encodeFrame([clientSamples['put']!])))).toEqual([clientSamples['put']]);
  });

  it('a frame using cbor-x record tags does not change how later frames decode', () => {
    // tag 57343 (0xd9dfff): a cbor-x record definition; then a plain frame must decode as before
    const records = new Encoder({ useRecords: true });
    const tagged = records.encode([{ t: 'get', id: 1, key: 'k' }, { t: 'get', id: 2, key: 'k' }]);
    expect(() => decodeClientFrame(tagged)).not.toThrow();
    expect(messagesOf(decodeClientFrame(encodeFrame([clientSamples['get']!])))).toEqual([clientSamples['get']]);
  });

  it('asserts on an empty frame or one over messagesPerFrameMax (programmer errors)', () => {
    expect(() => encodeFrame([])).toThrow(/at least one message/);
    expect(() => encodeFrame(Array.from({ length: 1025 }, () => clientSamples['status']!))).toThrow(/at most 1024/);
  });

  it('decoded byte strings are copies, not views of the frame', () => {
    const frame = encodeFrame([clientSamples['put']!]);
    const [put] = messagesOf(decodeClientFrame(frame));
    frame.fill(0);
    expect(put?.t === 'put' && Array.from(put.value)).toEqual([1, 2, 3]);
  });
});
