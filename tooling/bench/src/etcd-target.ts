// The etcd peer, driven with the maintained `etcd3` client (gRPC): read = a range get (etcd's
// default linearizable read, through the leader), update = a put. The load phase writes 128 puts
// per transaction (etcd's default --max-txn-ops) since it is not measured.
import { Etcd3 } from 'etcd3';
import type { Target } from './target';

export function etcdTarget(hosts: readonly string[]): Target {
  // A deadline on every call, so a wedged cluster fails ops (counted as errors) instead of hanging the run.
  const client = new Etcd3({ hosts: [...hosts], defaultCallOptions: () => ({ deadline: Date.now() + 10_000 }) });
  const buffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name: 'etcd',
    async read(key) {
      return (await client.get(key).buffer()) !== null;
    },
    async update(key, value) {
      await client.put(key).value(buffer(value));
    },
    async loadBatch(entries) {
      for (let i = 0; i < entries.length; i += 128) {
        const success = entries.slice(i, i + 128).map((e) => ({ request_put: { key: Buffer.from(e.key), value: buffer(e.value) } }));
        await client.kv.txn({ success });
      }
    },
    close() {
      client.close();
      return Promise.resolve();
    },
  };
}
