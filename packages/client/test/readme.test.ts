// The README's Usage example, run as written against two fake nodes. The block between the
// README-BEGIN and README-END markers must equal the README's code (the node URLs and import
// path aside); the second test checks it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readmeUsage } from '@kv/test-kit';
import { connect, isKvError } from '../src/index.js';
import { FakeServer } from './support/fake-server.js';

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const readmeNodes = "nodes: ['ws://127.0.0.1:7071', 'ws://127.0.0.1:7072']";
const testNodes = 'nodes: [a.url, b.url]';

describe('README', () => {
  it('Usage runs and prints what the comments say', async () => {
    const a = await FakeServer.start();
    const b = await FakeServer.start();
    servers.push(a, b);
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // README-BEGIN
    interface Cart {
      readonly items: readonly string[];
    }

    const kv = await connect({ nodes: [a.url, b.url] });
    await kv.put('cart:ada', { items: ['book'] });
    await kv.put('cart:ada', { items: ['pen'] }); // no context: a concurrent sibling, not an overwrite
    const res = await kv.get<Cart>('cart:ada'); // missing | value | conflict: no `value` until you check
    if (res.kind === 'conflict') console.log(res.siblings.length); // 2
    const merged = await kv.get<Cart>('cart:ada', {
      resolve: (siblings) => ({ items: [...new Set(siblings.flatMap((cart) => cart.items))].sort() }),
    });
    await kv.put('cart:ada', merged.value, { context: merged.context, w: 'quorum' }); // supersedes both
    const now = await kv.get<Cart>('cart:ada');
    console.log(now.kind === 'value' && now.value.items); // [ 'book', 'pen' ]
    try {
      await kv.put('cart:big', { items: ['x'.repeat(20_000)] });
    } catch (error) {
      if (isKvError(error)) console.log(error.code); // PAIR_TOO_LARGE, and nothing was sent
    }
    await kv.delete('cart:ada'); // reads (r: quorum) for the context, then deletes what it saw
    await kv.close();
    // README-END
    const printed = log.mock.calls.map((args) => args[0] as unknown);
    log.mockRestore();
    expect(printed).toEqual([2, ['book', 'pen'], 'PAIR_TOO_LARGE']);
    expect(a.requests().map((m) => m.t)).toEqual(['put', 'put', 'get', 'get', 'put', 'get', 'get', 'delete']);
    expect(a.store.get('s:cart:ada')?.values).toEqual([]);
  });

  it('the Usage block above is the README block, verbatim', () => {
    const usage = readmeUsage(new URL('../README.md', import.meta.url), import.meta.url, { localImport: (line) => line.replace("'@kv/client'", "'../src/index.js'"), bodyLine: (line) => line.replace(readmeNodes, testNodes) });
    for (const line of usage.imports) expect(usage.testSource).toContain(`${line}\n`);
    expect(usage.marked).toEqual(usage.body);
  });
});
