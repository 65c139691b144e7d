// Runs the browser entry against a node in a process that has a WHATWG WebSocket global (Node
// with --experimental-websocket: undici's implementation of the browser API) and no help from
// `ws`. test/browser-socket.test.ts starts it and reads the one JSON line it prints.
import { connect } from '../../src/browser.js';

const [url] = process.argv.slice(2);
if (url === undefined) throw new Error('usage: browser-run.ts <node url>');
const kv = await connect({ nodes: [url] });
await kv.put('greeting', { text: 'hello from the browser entry' });
const got = await kv.get<{ text: string }>('greeting');
const many = await Promise.all(Array.from({ length: 50 }, (_, i) => kv.get(`k${i}`)));
const raw = await kv.get('greeting', { raw: true });
await kv.close();
console.log(
  JSON.stringify({
    value: got.kind === 'value' ? got.value : null,
    missing: many.filter((r) => r.kind === 'missing').length,
    rawIsBytes: raw.kind === 'value' && raw.value instanceof Uint8Array,
    stats: kv.stats(),
  }),
);
