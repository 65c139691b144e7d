// What `kv` shows a person: receipts in one line, the members and ring tables, values,
// conflicts with their context, and --json's rendering of bytes and other CBOR values.
import { describe, expect, it } from 'vitest';
import {
  formatDuration,
  formatGet,
  formatLevel,
  formatReadReceipt,
  formatRing,
  formatSiblingsNote,
  formatStatus,
  formatValue,
  formatWriteReceipt,
  toJson,
} from '../src/format.js';
import { receipt, ring, status } from './support/fixtures.js';

describe('receipt lines', () => {
  it('a write: level, acks, hints (owner→holder), node and time', () => {
    const withHint = receipt({
      targets: [{ node: 'n1' }, { node: 'n2' }, { node: 'n4', hintFor: 'n3' }],
      hintsWritten: [{ node: 'n2', hintFor: 'n3' }],
    });
    expect(formatWriteReceipt(withHint)).toBe('ok · w=2 of 3 · acks n1,n2 · hints: n3→n2 · via n1 · 3 ms');
    expect(formatWriteReceipt(receipt(), 'deleted')).toBe('deleted · w=2 of 3 · acks n1,n2 · via n1 · 3 ms');
  });

  it('says what went wrong: uncovered primaries, refusals, acks that did not count', () => {
    const troubled = receipt({
      uncovered: ['n3'],
      refusals: [{ node: 'n2', reason: 'OVERLOADED' }],
      acks: [
        { node: 'n1', role: 'primary', counted: true },
        { node: 'n5', role: 'primary', counted: false, zone: 'us' },
      ],
    });
    expect(formatWriteReceipt(troubled, 'failed')).toBe('failed · w=2 of 3 · acks n1,n5 (not counted) · uncovered: n3 · refused: n2 (OVERLOADED) · via n1 · 3 ms');
  });

  it('names the level as asked and as resolved', () => {
    expect(formatLevel('w', receipt({ consistency: 'quorum' }))).toBe('w=quorum (2 of 3)');
    expect(formatLevel('r', receipt({ consistency: 1, required: 1 }))).toBe('r=1 of 3');
    expect(formatLevel('w', receipt({ consistency: 'local_quorum', zone: 'eu' }))).toBe('w=local_quorum (2 of 3 in eu)');
  });

  it('a read: who answered, divergence and read repairs', () => {
    expect(formatReadReceipt(receipt({ consistency: 'quorum', divergent: true, readRepairs: ['n2'] }))).toBe(
      'r=quorum (2 of 3) · answered n1,n2 · divergent · read repair n2 · via n1 · 3 ms',
    );
    expect(formatReadReceipt(receipt({ acks: [] }))).toBe('r=2 of 3 · answered none · via n1 · 3 ms');
  });
});

describe('formatStatus', () => {
  it('a table of members sorted by id, then the backlog', () => {
    expect(formatStatus(status)).toBe(
      [
        'view of n1 · cluster kv · generation 17 · up 5m 3s',
        '┌────┬─────────────────────┬────────┬────────────┬──────┬────────────┐',
        '│ id │ url                 │ status │ generation │ zone │ last heard │',
        '├────┼─────────────────────┼────────┼────────────┼──────┼────────────┤',
        '│ n1 │ ws://127.0.0.1:7071 │ up     │ 17         │ eu   │ self       │',
        '│ n2 │ ws://127.0.0.1:7072 │ down   │ 16         │ eu   │ 4.2 s ago  │',
        '│ n3 │ ws://127.0.0.1:7073 │ up     │ 12         │ -    │ -          │',
        '└────┴─────────────────────┴────────┴────────────┴──────┴────────────┘',
        'members: 1 down, 2 up',
        'hints pending: 12 for n2',
        'requests in flight: 4',
        'keyspaces: default n=3',
      ].join('\n'),
    );
  });
});

describe('formatRing', () => {
  it('a table of owners with their share in percent', () => {
    expect(formatRing(ring)).toBe(
      [
        '┌──────┬──────┬────────┬────────┬─────────┐',
        '│ node │ zone │ weight │ vnodes │ share % │',
        '├──────┼──────┼────────┼────────┼─────────┤',
        '│ n1   │ eu   │ 1      │ 2048   │ 33.71   │',
        '│ n2   │ -    │ 1      │ 2048   │ 33.25   │',
        '│ n3   │ -    │ 1      │ 2048   │ 33.04   │',
        '└──────┴──────┴────────┴────────┴─────────┘',
        '3 nodes · 6144 vnodes',
      ].join('\n'),
    );
  });
});

describe('values', () => {
  it('strings as they are, other values as JSON, bytes as UTF-8 or hex', () => {
    expect(formatValue({ kind: 'decoded', value: 'hello world' })).toBe('hello world');
    expect(formatValue({ kind: 'decoded', value: { a: [1, 2], b: null } })).toBe('{"a":[1,2],"b":null}');
    expect(formatValue({ kind: 'bytes', bytes: new TextEncoder().encode('héllo') })).toBe('héllo');
    expect(formatValue({ kind: 'bytes', bytes: new Uint8Array([0xff, 0x00]) })).toBe('0xff00 (2 bytes, not UTF-8)');
  });

  it('a single value, then its context and read receipt', () => {
    expect(formatGet('k', [{ kind: 'decoded', value: 'v' }], 'CTX', receipt())).toBe('v\ncontext: CTX\nreceipt: r=2 of 3 · answered n1,n2 · via n1 · 3 ms');
  });

  it('a conflict: every sibling numbered, and how to resolve it', () => {
    const text = formatGet('my key', [{ kind: 'decoded', value: 'a' }, { kind: 'decoded', value: 2 }], 'CTX', receipt());
    expect(text.split('\n').slice(0, 5)).toEqual([
      'conflict: 2 concurrent values (siblings) of "my key":',
      '  [1] a',
      '  [2] 2',
      "resolve: kv put 'my key' <merged value> --context CTX",
      'context: CTX',
    ]);
  });

  it('missing, and a note when a value was not CBOR', () => {
    expect(formatGet('k', [], 'CTX', receipt()).split('\n')[0]).toBe('(not found)');
    expect(formatGet('k', [{ kind: 'bytes', bytes: new Uint8Array([104, 105]) }], 'CTX', receipt()).split('\n').slice(0, 2)).toEqual([
      'hi',
      'note: shown as raw bytes (not CBOR; written with --raw?)',
    ]);
  });

  it('notes a write that left siblings', () => {
    expect(formatSiblingsNote(1)).toBeUndefined();
    expect(formatSiblingsNote(undefined)).toBeUndefined();
    expect(formatSiblingsNote(3)).toMatch(/^note: the key now has 3 siblings/);
  });
});

describe('toJson', () => {
  it('renders bytes (Buffers too) as base64, bigints as strings, Maps as objects', () => {
    const value = { raw: new Uint8Array([1, 2, 3]), buffer: Buffer.from('hi'), big: 2n ** 70n, map: new Map([['a', 1]]), set: new Set([1]), missing: undefined };
    expect(JSON.parse(toJson(value))).toEqual({
      raw: { base64: 'AQID' },
      buffer: { base64: 'aGk=' },
      big: '1180591620717411303424',
      map: { a: 1 },
      set: [1],
      missing: null,
    });
  });
});

describe('formatDuration', () => {
  it.each([
    [12, '12 ms'],
    [4_200, '4.2 s'],
    [303_000, '5m 3s'],
    [7_260_000, '2h 1m'],
    [3 * 86_400_000, '3d 0h'],
  ])('%i ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
