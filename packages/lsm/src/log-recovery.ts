// LogRecovery: the open-time replay of every commit log the manifest says may hold unflushed
// writes. Each log's torn tail (a record cut by a crash, or never synced) is truncated and
// counted; the surviving batches are written to one level-0 table, a fresh log is started, and
// one manifest edit makes both durable before the old logs are deleted. A crash anywhere in here
// leaves the old logs in place, so the next open replays them again.

import { CommitLog } from './commit-log.js';
import { corruption } from './errors.js';
import type { FileSystem, Scheduler } from './file-system.js';
import { joinPath, logFileName, parseFileName } from './file-names.js';
import { RECORD_WRITE_BATCH } from './log-record.js';
import type { Manifest } from './manifest.js';
import { MemSlot } from './mem-slot.js';
import { Memtable } from './memtable.js';
import type { ResolvedOptions } from './options.js';
import { TableOutput } from './table-output.js';
import { decodeWriteBatch } from './write-batch.js';

export interface RecoveryStats {
  readonly logsReplayed: number;
  readonly batchesReplayed: number;
  readonly entriesReplayed: number;
  /** Bytes cut from log tails: records torn by a crash or never synced. */
  readonly tornTailBytes: number;
  readonly logsWithTornTail: number;
}

export async function recoverLogs(
  fs: FileSystem,
  dir: string,
  manifest: Manifest,
  o: ResolvedOptions,
  scheduler: Scheduler,
): Promise<{ slot: MemSlot; stats: RecoveryStats }> {
  const logs = (await fs.list(dir))
    .map((name) => parseFileName(name))
    .filter((f) => f?.kind === 'log' && f.number >= manifest.state.logNumber)
    .map((f) => f!.number)
    .sort((a, b) => a - b);
  const mem = new Memtable();
  let batches = 0;
  let entries = 0;
  let torn = 0;
  let tornLogs = 0;
  let lastSeq = manifest.state.lastSeq;
  for (const number of logs) {
    const path = joinPath(dir, logFileName(number));
    const { records, tornBytes } = await CommitLog.recover(fs, path);
    torn += tornBytes;
    if (tornBytes > 0) tornLogs++;
    for (const record of records) {
      if (record.type !== RECORD_WRITE_BATCH) throw corruption(path, record.offset, `record type ${record.type} in a commit log`);
      const { firstSeq, ops } = decodeWriteBatch(record.payload, path, record.offset);
      batches++;
      for (let i = 0; i < ops.length; i++) {
        const seq = firstSeq + i;
        if (seq <= mem.largestSeq) continue; // replayed already (a log written twice is not possible, but be safe)
        mem.add(ops[i]!.key, seq, ops[i]!.kind, ops[i]!.value);
        entries++;
        if (seq > lastSeq) lastSeq = seq;
      }
    }
  }
  const output = new TableOutput({
    fs,
    dir,
    newFileNumber: () => manifest.newFileNumber(),
    pending: new Set(),
    tableBytesTarget: Number.POSITIVE_INFINITY,
    writer: { blockBytesTarget: o.blockBytesTarget, bitsPerKey: o.bitsPerKey, compression: o.compression },
  });
  const it = mem.iterator();
  for (it.seekToFirst(); it.valid(); it.next()) {
    if (output.needsTable(it.key())) await output.openTable();
    output.add(it.key(), it.seq(), it.kind(), it.value());
  }
  const files = await output.finish();
  const logNumber = manifest.newFileNumber();
  const log = await CommitLog.create(fs, joinPath(dir, logFileName(logNumber)), { syncPolicy: o.syncPolicy, scheduler });
  await manifest.logAndApply({ added: files.map((file) => ({ level: 0, file })), logNumber, lastSeq });
  for (const number of logs) await fs.remove(joinPath(dir, logFileName(number)));
  return {
    slot: new MemSlot(log, logNumber),
    stats: { logsReplayed: logs.length, batchesReplayed: batches, entriesReplayed: entries, tornTailBytes: torn, logsWithTornTail: tornLogs },
  };
}
