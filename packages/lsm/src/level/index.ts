// @kv/lsm/level: the abstract-level adapter, a separate entry point so users of the bare engine
// (`@kv/lsm`) do not load abstract-level. `new LsmLevel(dir, options)` is a Level-compatible
// database; see lsm-level.ts.

export { LsmLevel } from './lsm-level.js';
export type { LsmLevelOptions } from './lsm-level.js';
export { LsmLevelIterator, LsmLevelKeyIterator, LsmLevelValueIterator } from './lsm-level-iterator.js';
export { LsmLevelSnapshot } from './lsm-level-snapshot.js';
export { LevelError } from './level-error.js';
export type { LevelErrorCode } from './level-error.js';
