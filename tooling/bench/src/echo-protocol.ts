// What the echo ceiling puts on the wire: the same CBOR as kv's protocol (cbor-x with
// @kv/protocol's encoder options: plain maps, byte strings, no records, no typed-array tags) and
// the same framing (one WebSocket binary message = one CBOR array of messages), with replies
// shaped like kv's: `got` with one 1 KB value and a context token; `done`. Optionally with the
// receipt kv attaches to every result (an R=2 read / W=2 write on N=3), to show what decoding
// it costs. The server does no work but decode, build the reply and encode, so this is the
// ceiling of ws + CBOR request/response on the machine.
import { Decoder, Encoder } from 'cbor-x';

/** @kv/protocol's cbor.ts options. */
export const encoder = new Encoder({ useRecords: false, mapsAsObjects: true, tagUint8Array: false, variableMapSize: true });
export const decoder = new Decoder({ useRecords: false, mapsAsObjects: true, int64AsNumber: true } as ConstructorParameters<typeof Decoder>[0]);

const nodes = ['n1-4f2a9c', 'n2-b7d013', 'n3-e58c61'];

/** A receipt as kv attaches to every result: N=3 primaries, 2 counted acks. */
export function receipt(required: number, write: boolean): Record<string, unknown> {
  return {
    consistency: required,
    required,
    sloppy: true,
    primaries: nodes,
    targets: nodes.map((node) => ({ node })),
    uncovered: [],
    ...(write ? { coordinatedBy: nodes[0] } : {}),
    acks: nodes.slice(0, required).map((node) => ({ node, role: 'primary', counted: true })),
    refusals: [],
    hintsWritten: [],
    divergent: false,
    readRepairs: [],
    servedBy: nodes[0],
    durationMs: 0.4,
  };
}

/** A causal context of a typical size (three actors' counters, base64). */
export const sampleContext = 'g6NuMS00ZjJhOWMBo24yLWI3ZDAxMwGjbjMtZTU4YzYxAQ';
