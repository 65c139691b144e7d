// The README's Usage example, run as written. The block between the README-BEGIN and
// README-END markers must equal the README's code (import paths aside); a guard test checks it.
import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { readmeUsage } from '@kv/test-kit';
import { decodeClientFrame, encodeFrame, KvError } from '../src/index.js';
import { decodePeerFrame, encodePeerFrame, peerProofInput } from '../src/peer.js';

describe('README', () => {
  it('Usage runs and prints what the comments say', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // README-BEGIN
    // A client: a hello and two pipelined requests in one frame (the second id is invalid).
    const frame = encodeFrame([
      { t: 'hello', versionMin: 1, versionMax: 1, agent: 'example/1.0' },
      { t: 'put', id: 1, key: 'cart', value: new Uint8Array([1, 2, 3]) },
      { t: 'get', id: 0, key: 'cart' },
    ]);
    // A node: the frame is checked as a whole, then every message on its own.
    const result = decodeClientFrame(frame, { frameBytesMax: 1_048_576 });
    if (!result.ok) throw new KvError(result.code, result.message);
    for (const item of result.items) {
      if (item.ok) console.log('serve', item.message.t); // serve hello, serve put
      else console.log(new KvError(item.code, item.message).toMessage(item.id));
      // { t: 'error', id: null, code: 'BAD_REQUEST', message: 'id must be an integer in 1..9007199254740991' }
    }

    // Two nodes: the dialer signs its peer-hello with the cluster secret.
    const secret = randomBytes(32);
    const hello = { cluster: 'demo', node: 'a', generation: 1, nonce: randomBytes(16), timeMs: Date.now() };
    const proof = createHmac('sha256', secret).update(peerProofInput('hello', hello)).digest();
    const bytes = encodePeerFrame([{ t: 'peer-hello', versionMin: 1, versionMax: 1, address: 'ws://127.0.0.1:7101', ...hello, proof }]);
    const decoded = decodePeerFrame(bytes);
    console.log(decoded.ok && decoded.items[0]?.ok); // true: the acceptor now checks the proof and the time
    // README-END
    const printed = log.mock.calls.map((args) => args as unknown[]);
    log.mockRestore();
    expect(printed).toEqual([
      ['serve', 'hello'],
      ['serve', 'put'],
      [{ t: 'error', id: null, code: 'BAD_REQUEST', message: 'id must be an integer in 1..9007199254740991' }],
      [true],
    ]);
  });

  it('the Usage block above is the README block, verbatim', () => {
    const usage = readmeUsage(new URL('../README.md', import.meta.url), import.meta.url, { localImport: (line) => line.replace("'@kv/protocol/peer'", "'../src/peer.js'").replace("'@kv/protocol'", "'../src/index.js'") });
    for (const line of usage.imports) expect(usage.testSource).toContain(`${line}\n`);
    expect(usage.marked).toEqual(usage.body);
  });
});
