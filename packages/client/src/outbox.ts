// Outbox: coalesces the requests a connection is given in one turn into as few frames as
// possible (DESIGN.md §7: per-message overhead, not bandwidth, limits a Node process). The first
// request of a turn schedules a flush as a microtask; every request issued before it runs — all
// the calls of one synchronous loop, a Promise.all — joins the same frame. A flush splits the
// batch where a frame would pass messagesPerFrameMax messages or the node's frameBytesMax bytes
// (by messageBytesBound; a request that alone might not fit was checked exactly before).
import { encodeFrame, protocolLimits } from '@kv/protocol';
import type { ClientRequestMessage } from '@kv/protocol';
import { assert } from './errors.js';
import { frameHeaderBytes, messageBytesBound } from './message-size.js';
import type { TrafficCounters } from './stats.js';

export class Outbox {
  private queued: ClientRequestMessage[] = [];
  private flushScheduled = false;

  constructor(
    private readonly frameBytesMax: number,
    private readonly stats: TrafficCounters,
    private readonly sendFrame: (bytes: Uint8Array) => void,
  ) {}

  /** Queues `message` for this turn's flush. The queue is bounded by the pipeline (pipelineMax). */
  push(message: ClientRequestMessage): void {
    this.queued.push(message);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Drops what was not sent yet (the connection is gone; its calls fail with it). */
  discard(): void {
    this.queued = [];
  }

  private flush(): void {
    this.flushScheduled = false;
    const messages = this.queued;
    this.queued = [];
    let start = 0;
    let bytes = frameHeaderBytes;
    for (let i = 0; i < messages.length; i++) {
      const bound = messageBytesBound(messages[i] as ClientRequestMessage);
      const count = i - start;
      if (count > 0 && (count === protocolLimits.messagesPerFrameMax || bytes + bound > this.frameBytesMax)) {
        this.send(messages.slice(start, i));
        start = i;
        bytes = frameHeaderBytes;
      }
      bytes += bound;
    }
    if (start < messages.length) this.send(messages.slice(start));
  }

  private send(messages: readonly ClientRequestMessage[]): void {
    const frame = encodeFrame(messages);
    // A batch of several fits by the bound; a lone message was checked exactly (checkFitsFrame).
    assert(messages.length === 1 || frame.length <= this.frameBytesMax, `frame of ${frame.length} bytes over frameBytesMax ${this.frameBytesMax}`);
    this.stats.framesSent += 1;
    this.stats.messagesSent += messages.length;
    this.sendFrame(frame);
  }
}
