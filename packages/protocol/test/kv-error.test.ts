// KvError and the error table: the code decides retryable, the error converts to and from the
// wire's `error` message, and every code in the table is documented in PROTOCOL.md.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeServerFrame, encodeFrame, errorCodeTable, errorCodes, isErrorCode, isKvError, KvError, protocolLimits } from '../src/index.js';
import { messagesOf } from './support/frames.js';
import { writeReceipt } from './support/samples.js';

describe('KvError', () => {
  it('takes retryable from the error table and keeps the receipt and cause', () => {
    const cause = new Error('socket reset');
    const timeout = new KvError('TIMEOUT', 'W=2 not reached', { receipt: writeReceipt, cause });
    expect(timeout).toBeInstanceOf(Error);
    expect(timeout).toMatchObject({ name: 'KvError', code: 'TIMEOUT', retryable: true, receipt: writeReceipt, cause });
    expect(new KvError('BAD_REQUEST', 'x')).toMatchObject({ retryable: false, receipt: undefined });
    expect('cause' in new KvError('BAD_REQUEST', 'x')).toBe(false);
  });

  it('round-trips through an error message on the wire', () => {
    const error = new KvError('UNAVAILABLE', '1 of 2 replicas up', { receipt: writeReceipt });
    const [message] = messagesOf(decodeServerFrame(encodeFrame([error.toMessage(7)])));
    expect(message).toEqual({ t: 'error', id: 7, code: 'UNAVAILABLE', message: '1 of 2 replicas up', receipt: writeReceipt });
    const back = KvError.fromMessage(message as never);
    expect(back).toMatchObject({ code: 'UNAVAILABLE', message: '1 of 2 replicas up', retryable: true, receipt: writeReceipt });
  });

  it('toMessage(null) reports an error with no id, without a receipt field when there is none', () => {
    expect(new KvError('BAD_FRAME', 'not CBOR').toMessage(null)).toEqual({ t: 'error', id: null, code: 'BAD_FRAME', message: 'not CBOR' });
  });

  it('toMessage cuts long messages to errorMessageCharsMax, never through a surrogate pair', () => {
    const long = new KvError('INTERNAL', '😀'.repeat(2000)).toMessage(1);
    expect(long.message.length).toBeLessThanOrEqual(protocolLimits.errorMessageCharsMax);
    expect(long.message.endsWith('…')).toBe(true);
    expect(messagesOf(decodeServerFrame(encodeFrame([long])))).toHaveLength(1);
    expect(/[\ud800-\udbff](?![\udc00-\udfff])/.test(long.message)).toBe(false);
  });

  it('isKvError tells KvErrors from other errors', () => {
    expect(isKvError(new KvError('CLOSED', 'x'))).toBe(true);
    expect(isKvError(new Error('x'))).toBe(false);
    expect(isKvError({ code: 'CLOSED' })).toBe(false);
  });
});

describe('error codes', () => {
  it('isErrorCode accepts exactly the table', () => {
    for (const code of errorCodes) expect(isErrorCode(code)).toBe(true);
    for (const other of ['toString', '__proto__', 'bad_request', '', 3, null]) expect(isErrorCode(other)).toBe(false);
  });

  it('every code appears in PROTOCOL.md with its retryable flag', () => {
    const doc = readFileSync(new URL('../PROTOCOL.md', import.meta.url), 'utf8');
    for (const code of errorCodes) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\``));
      expect(row, code).toBeDefined();
      expect(row).toContain(errorCodeTable[code].retryable ? '| yes |' : '| no |');
    }
  });
});
