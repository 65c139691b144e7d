// The README's Usage example, run as written. The block between the README-BEGIN and
// README-END markers must equal the README's code (import paths aside); a guard test checks it.
import { describe, expect, it, vi } from 'vitest';
import { readmeUsage } from '@kv/test-kit';
import { createRing } from '@kv/ring';
import type { ClientReply, Envelope } from '../src/index.js';
import { Coordinator, MemoryHintStore, MemoryReplicaStore, Replica, roleOf } from '../src/index.js';

describe('README', () => {
  it('Usage runs and prints what the comments say', () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // README-BEGIN
    const ring = createRing([{ id: 'a' }, { id: 'b' }, { id: 'c' }, { id: 'd' }]);
    const random = { nextU32: () => (Math.random() * 2 ** 32) >>> 0 }; // a node passes a crypto source
    const isValue = (v: unknown): v is string => typeof v === 'string';
    const nodes = new Map(['a', 'b', 'c', 'd'].map((self) => [self, {
      coordinator: new Coordinator<string>({ self, random, isValue }),
      replica: new Replica<string>({ self, generation: 1, random, isValue, store: new MemoryReplicaStore(), hints: new MemoryHintStore() }),
    }]));
    const queue: { from: string; to: string; message: unknown }[] = [];
    const replies: ClientReply<string>[] = [];
    // The caller's loop: persist (memory stores need nothing), send, hand replies to clients.
    const absorb = (from: string, out: { send: Envelope<string>[]; replies?: ClientReply<string>[] }) => {
      for (const { to, message } of out.send) queue.push({ from, to, message });
      replies.push(...(out.replies ?? []));
    };
    const run = (nowMs: number) => {
      for (let m = queue.shift(); m !== undefined; m = queue.shift()) {
        const node = nodes.get(m.to)!;
        const input = { type: 'message', from: m.from, message: m.message } as const;
        absorb(m.to, roleOf(m.message) === 'coordinator' ? node.coordinator.step(input, nowMs) : node.replica.step(input, nowMs));
      }
    };
    for (const [self, { coordinator, replica }] of nodes) {
      absorb(self, coordinator.step({ type: 'view', view: { ring, down: [] } }, 0));
      absorb(self, replica.step({ type: 'view', view: { ring, down: [] } }, 0));
    }

    absorb('a', nodes.get('a')!.coordinator.step({ type: 'request', request: { requestId: 'p1', op: 'put', key: 'cart', value: 'book', w: 2 } }, 1000));
    run(1000);
    absorb('d', nodes.get('d')!.coordinator.step({ type: 'request', request: { requestId: 'g1', op: 'get', key: 'cart', r: 2 } }, 1001));
    run(1001);
    const [put, get] = replies;
    console.log(put?.ok && put.receipt.acks.length); // 2: W acks from distinct replicas
    console.log(get?.ok && get.op === 'get' && get.values); // [ 'book' ], with get.context for the next put
    // README-END
    const printed = log.mock.calls.map((args) => args[0]);
    log.mockRestore();
    expect(printed).toEqual([2, ['book']]);
  });

  it('the Usage block above is the README block, verbatim', () => {
    const usage = readmeUsage(new URL('../README.md', import.meta.url), import.meta.url, { localImport: (line) => line.replace("'@kv/quorum'", "'../src/index.js'") });
    for (const line of usage.imports) expect(usage.testSource).toContain(`${line}\n`);
    expect(usage.marked).toEqual(usage.body);
  });
});
