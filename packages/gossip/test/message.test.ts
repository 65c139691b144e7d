// Message validation (README.md "Messages"): every field of every record is checked before
// anything is applied; a message that breaks the grammar is rejected whole, with a reason,
// and garbage of any shape never throws.
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { GOSSIP_PROTOCOL_VERSION, gossipLimits, parseMessage } from '../src/index.js';
import { message, record } from './support/records.js';

const valid = message(record('a', { zone: 'eu-1', heartbeat: 3 }), [record('b', { suspectedBy: ['a', 'c'] }), record('c', { status: 'down' })]);

function withRecord(fields: Record<string, unknown>): unknown {
  return { ...valid, members: [valid.members[0], { ...valid.members[1], ...fields }] };
}

describe('parseMessage', () => {
  test('a valid message passes as it is (nothing copied)', () => {
    const result = parseMessage(valid, 256);
    expect(result).toEqual({ ok: true, message: valid });
    expect(result.ok && result.message).toBe(valid);
  });

  test('unknown extra fields are tolerated (forward compatibility)', () => {
    expect(parseMessage({ ...valid, trace: 'x' }, 256).ok).toBe(true);
    expect(parseMessage(withRecord({ rack: 'r1' }), 256).ok).toBe(true);
  });

  test('another protocol version is dropped with reason `version`', () => {
    expect(parseMessage({ ...valid, version: 2 }, 256)).toEqual({ ok: false, reason: 'version' });
    expect(parseMessage({ ...valid, version: '1' }, 256)).toEqual({ ok: false, reason: 'malformed' });
  });

  const malformedEnvelopes: [string, unknown][] = [
    ['null', null],
    ['an array', [valid]],
    ['a string', 'hello'],
    ['no version', { ...valid, version: undefined }],
    ['an unknown type', { ...valid, type: 'probe' }],
    ['an empty sender', { ...valid, sender: '' }],
    ['a sender that is not members[0]', { ...valid, sender: 'b' }],
    ['members not an array', { ...valid, members: {} }],
    ['no members', { ...valid, members: [] }],
    ['a duplicate id', { ...valid, members: [valid.members[0], valid.members[1], valid.members[1]] }],
  ];
  test.each(malformedEnvelopes)('rejects an envelope with %s', (_, raw) => {
    expect(parseMessage(raw, 256)).toEqual({ ok: false, reason: 'malformed' });
  });

  const malformedRecords: [string, Record<string, unknown>][] = [
    ['an empty id', { id: '' }],
    ['a too long id', { id: 'x'.repeat(gossipLimits.idCharsMax + 1) }],
    ['a numeric id', { id: 7 }],
    ['no address', { address: undefined }],
    ['a too long address', { address: 'x'.repeat(gossipLimits.addressCharsMax + 1) }],
    ['a null zone', { zone: null }],
    ['an empty zone', { zone: '' }],
    ['weight 0', { weight: 0 }],
    ['weight NaN', { weight: Number.NaN }],
    ['weight past weightMax', { weight: gossipLimits.weightMax + 1 }],
    ['a negative generation', { generation: -1 }],
    ['a fractional heartbeat', { heartbeat: 1.5 }],
    ['an unsafe heartbeat', { heartbeat: 2 ** 53 }],
    ['a bigint heartbeat', { heartbeat: 5n }],
    ['status suspect (local only, never on the wire)', { status: 'suspect' }],
    ['suspectedBy not an array', { suspectedBy: 'a' }],
    ['reporters out of order', { suspectedBy: ['c', 'a'] }],
    ['a duplicate reporter', { suspectedBy: ['a', 'a'] }],
    ['the member reporting itself', { suspectedBy: ['b'] }],
    ['reporters on a final status', { status: 'down', suspectedBy: ['a'] }],
    ['too many reporters', { suspectedBy: Array.from({ length: gossipLimits.suspectedByMax + 1 }, (_, i) => `r${String(i).padStart(2, '0')}`) }],
  ];
  test.each(malformedRecords)('rejects the whole message for one record with %s', (_, fields) => {
    expect(parseMessage(withRecord(fields), 256)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('more records than messageMembersMax is malformed (the receiver’s bound)', () => {
    expect(parseMessage(valid, 3).ok).toBe(true);
    expect(parseMessage(valid, 2)).toEqual({ ok: false, reason: 'malformed' });
  });

  test('never throws, whatever arrives', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withMap: true, withNullPrototype: true, withTypedArray: true }), (raw) => {
        expect(parseMessage(raw, 256).ok).toBe(false);
      }),
    );
    const recordish = fc.record(
      { id: fc.string(), address: fc.string(), weight: fc.double(), generation: fc.integer(), heartbeat: fc.integer(), status: fc.string(), suspectedBy: fc.array(fc.string()) },
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fc.array(recordish, { maxLength: 4 }), fc.string(), (members, sender) => {
        const result = parseMessage({ version: GOSSIP_PROTOCOL_VERSION, type: 'gossip', sender, members }, 256);
        expect(typeof result.ok).toBe('boolean');
      }),
    );
  });
});
