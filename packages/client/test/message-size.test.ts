// Message size: the bound the outbox packs frames by is never below a request's real encoded
// size, whatever its key, value, context and options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeFrame, protocolLimits } from '@kv/protocol';
import type { ClientRequestMessage } from '@kv/protocol';
import { frameHeaderBytes, messageBytesBound } from '../src/message-size.js';

const key = fc.oneof(fc.string({ minLength: 1, maxLength: 300, unit: 'binary' }), fc.uint8Array({ minLength: 1, maxLength: 1024 }));
const level = fc.oneof(fc.constantFrom('one', 'quorum', 'all', 'local_quorum'), fc.integer({ min: 1, max: 16 }));
const common = fc.record(
  {
    id: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    key,
    keyspace: fc.string({ minLength: 1, maxLength: protocolLimits.keyspaceCharsMax, unit: 'binary' }),
    timeoutMs: fc.integer({ min: 1, max: protocolLimits.timeoutMsMax }),
    sloppy: fc.boolean(),
  },
  { requiredKeys: ['id', 'key'] },
);
const context = fc.string({ minLength: 1, maxLength: 2_000, unit: 'binary' });

const request: fc.Arbitrary<ClientRequestMessage> = fc.oneof(
  fc.tuple(common, fc.option(level, { nil: undefined })).map(([c, r]) => ({ t: 'get', ...c, ...(r === undefined ? {} : { r }) }) as ClientRequestMessage),
  fc.tuple(common, fc.uint8Array({ maxLength: 12_000 }), fc.option(context, { nil: undefined }), level).map(
    ([c, value, ctx, w]) => ({ t: 'put', ...c, value, w, ...(ctx === undefined ? {} : { context: ctx }) }) as ClientRequestMessage,
  ),
  fc.tuple(common, context, level).map(([c, ctx, w]) => ({ t: 'delete', ...c, context: ctx, w }) as ClientRequestMessage),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map((id) => ({ t: 'status', id }) as const),
  fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }).map((id) => ({ t: 'ring', id }) as const),
);

describe('messageBytesBound', () => {
  it('is at least the encoded size of the request in a frame of its own', () => {
    fc.assert(
      fc.property(request, (message) => {
        expect(messageBytesBound(message) + frameHeaderBytes).toBeGreaterThanOrEqual(encodeFrame([message]).length);
      }),
      { numRuns: 300 },
    );
  });

  it('sums to at least the size of a frame of many requests', () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 20 }), (messages) => {
        const bound = frameHeaderBytes + messages.reduce((sum, m) => sum + messageBytesBound(m), 0);
        expect(bound).toBeGreaterThanOrEqual(encodeFrame(messages).length);
      }),
      { numRuns: 100 },
    );
  });
});
