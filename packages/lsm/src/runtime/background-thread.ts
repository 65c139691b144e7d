// BackgroundThread: the main-thread handle on one background worker (background-worker.ts). It
// starts the worker on first use, posts one task at a time (a flush or a compaction), and turns
// the worker's answer back into a result or an LsmError. If the worker cannot start or dies, the
// handle reports itself broken and the store goes back to doing that work on the event loop. A
// store keeps two: one for flushes, one for compactions, so a long merge never delays a flush.

import { Worker } from 'node:worker_threads';
import type { CompactionResult } from '../compaction-job.js';
import type { CompactionTask } from '../compaction-task.js';
import { LsmError } from '../errors.js';
import type { LsmErrorCode } from '../errors.js';
import type { FileMeta } from '../file-meta.js';
import type { FlushTask } from '../flush-task.js';
import type { WorkerRequest } from './background-worker.js';

type WorkerReply =
  | { readonly ok: true; readonly result: unknown }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string; readonly code?: unknown } };

const errorCodes: readonly LsmErrorCode[] = ['BAD_REQUEST', 'NOT_OPEN', 'NOT_FOUND', 'CORRUPTION', 'IO_ERROR', 'LOCKED'];

/**
 * A new worker running background-worker beside this module, in the same form: the built
 * .js/.cjs file, or — when the engine runs from its TypeScript sources (tests, tsx) — the .ts
 * file behind tsx's loader, which a worker must register itself.
 */
function spawnWorker(): Worker {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const url = JSON.stringify(new URL('./background-worker.ts', here).href);
    return new Worker(`import('tsx/esm/api').then(({ register }) => { register(); return import(${url}); })`, { eval: true });
  }
  return new Worker(new URL(here.endsWith('.cjs') ? './background-worker.cjs' : './background-worker.js', here));
}

export class BackgroundThread {
  private worker: Worker | undefined;
  private pending: { resolve: (r: unknown) => void; reject: (e: unknown) => void } | undefined;
  private brokenReason: unknown;

  /** False once the worker failed to start or died: compact on the event loop instead. */
  get usable(): boolean {
    return this.brokenReason === undefined;
  }

  compact(task: CompactionTask): Promise<CompactionResult> {
    return this.post({ type: 'compact', task }) as Promise<CompactionResult>;
  }

  /** Writes a packed memtable as a level-0 table; the packed buffer is moved to the worker, not copied. */
  flush(task: FlushTask): Promise<FileMeta[]> {
    return this.post({ type: 'flush', task }, [task.packed.buffer as ArrayBuffer]) as Promise<FileMeta[]>;
  }

  private post(request: WorkerRequest, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.pending !== undefined) throw new Error('@kv/lsm assertion failed: one background task at a time');
    const worker = this.start();
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      worker.postMessage(request, transfer);
    });
  }

  /** Asks a running compaction to stop at its next chunk (the store is closing). */
  stop(): void {
    this.worker?.postMessage({ type: 'stop' } satisfies WorkerRequest);
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker !== undefined) await worker.terminate();
  }

  private start(): Worker {
    if (this.worker !== undefined) return this.worker;
    const worker = spawnWorker();
    worker.unref();
    worker.on('message', (reply: WorkerReply) => this.settle(reply));
    worker.on('error', (error) => this.breakDown(error));
    worker.on('exit', (code) => {
      if (this.worker === worker) this.breakDown(new Error(`background worker exited with code ${code}`));
    });
    this.worker = worker;
    return worker;
  }

  private settle(reply: WorkerReply): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending === undefined) return;
    if (reply.ok) pending.resolve(reply.result);
    else {
      const code = errorCodes.find((c) => c === reply.error.code) ?? 'IO_ERROR';
      pending.reject(new LsmError(code, `background worker: ${reply.error.message}`));
    }
  }

  private breakDown(error: unknown): void {
    this.brokenReason ??= error;
    this.worker = undefined;
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(new LsmError('IO_ERROR', 'background worker failed', { cause: error }));
  }
}
