// @kv/lsm — an embedded log-structured merge-tree storage engine. The only public barrel.
export { openLsm, Lsm } from './lsm.js';
export type { BatchOperation, IteratorOptions, KeyInput, ReadOptions } from './lsm.js';
export { LsmIterator } from './lsm-iterator.js';
export type { KeyValue } from './db-iterator.js';
export { Snapshot } from './snapshot.js';
export type { LsmOptions, SyncPolicy } from './options.js';
export { defaults } from './defaults.js';
export type { LsmStats } from './store-stats.js';
export type { RecoveryStats } from './log-recovery.js';
export type { CanPurge, TombstoneMeta } from './version-filter.js';
export { LsmError } from './errors.js';
export type { LsmErrorCode } from './errors.js';
export type { FileSystem, ReadableFile, Scheduler, WritableFile } from './file-system.js';
export { MemoryFileSystem, SimulatedCrashError } from './memory-file-system.js';
export type { CrashOptions } from './memory-file-system.js';
export { NodeFileSystem } from './runtime/node-file-system.js';
export { nodeScheduler } from './runtime/node-scheduler.js';
