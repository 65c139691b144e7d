// BackgroundWorker: the worker-thread side of flushes and compactions. It receives one task at
// a time — a packed memtable to write as a level-0 table, or a CompactionTask to merge — does
// the table building (blocks, LZ4, checksums, bloom filters) with its own readers over the real
// file system, syncs the outputs, and posts back their metadata; the main thread records them in
// the manifest. So that work uses the second core, as LevelDB's background thread does, while
// the event loop serves reads and writes.

import { parentPort } from 'node:worker_threads';
import type { CompactionTask } from '../compaction-task.js';
import { runCompactionTask } from '../compaction-task.js';
import type { FlushTask } from '../flush-task.js';
import { runFlushTask } from '../flush-task.js';
import { NodeFileSystem } from './node-file-system.js';
import { nodeScheduler } from './node-scheduler.js';

export type WorkerRequest =
  | { readonly type: 'compact'; readonly task: CompactionTask }
  | { readonly type: 'flush'; readonly task: FlushTask }
  | { readonly type: 'stop' };

let stopping = false;
const fs = new NodeFileSystem();

parentPort?.on('message', (message: WorkerRequest) => {
  if (message.type === 'stop') {
    stopping = true;
    return;
  }
  stopping = false;
  const work: Promise<unknown> =
    message.type === 'flush' ? runFlushTask(message.task, fs) : runCompactionTask(message.task, fs, nodeScheduler, () => stopping);
  work.then(
    (result) => parentPort?.postMessage({ ok: true, result }),
    (error: unknown) =>
      parentPort?.postMessage({
        ok: false,
        error: { name: (error as Error).name, message: (error as Error).message, code: (error as { code?: unknown }).code },
      }),
  );
});
