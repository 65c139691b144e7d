// Golden fixtures (CONVENTIONS.md §5): each named hex frame decodes to exactly the expected
// messages, and the messages encode to exactly the hex, so neither side of the codec can drift
// from the documented format without a test failing.
import { describe, expect, it } from 'vitest';
import { decodeClientFrame, decodeServerFrame, encodeFrame } from '../src/index.js';
import type { FrameResult } from '../src/index.js';
import { decodePeerFrame, encodePeerFrame } from '../src/peer.js';
import { goldenFrames } from './fixtures/golden.js';
import { fromHex, hex, messagesOf } from './support/frames.js';

const decoders: Record<string, (bytes: Uint8Array) => FrameResult<unknown>> = {
  client: decodeClientFrame,
  server: decodeServerFrame,
  peer: decodePeerFrame,
};

describe('golden frames', () => {
  it('cover every message type the brief names', () => {
    const names = goldenFrames.map((g) => g.name);
    for (const name of ['hello', 'get', 'put', 'delete', 'got', 'done', 'error-with-id', 'error-null-id', 'peer-hello', 'gossip', 'quorum']) {
      expect(names).toContain(name);
    }
  });

  for (const golden of goldenFrames) {
    describe(golden.name, () => {
      it('decodes to the expected messages', () => {
        const decode = decoders[golden.side]!;
        expect(messagesOf(decode(fromHex(golden.hex)))).toEqual(golden.messages);
      });

      it('encodes to the same hex', () => {
        const frame = golden.side === 'peer' ? encodePeerFrame(golden.messages as never) : encodeFrame(golden.messages as never);
        expect(hex(frame)).toBe(golden.hex);
      });
    });
  }

  it('the get frame matches the hand-checked RFC 8949 breakdown in PROTOCOL.md', () => {
    const get = goldenFrames.find((g) => g.name === 'get')!;
    const annotated = [
      '81', // array(1)
      'a4', // map(4)
      '61', '74', '63', '676574', // "t": "get"
      '62', '6964', '01', // "id": 1
      '63', '6b6579', '64', '63617274', // "key": "cart"
      '61', '72', '66', '71756f72756d', // "r": "quorum"
    ].join('');
    expect(get.hex).toBe(annotated);
  });
});
