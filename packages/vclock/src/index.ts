// @kv/vclock: vector clocks, dotted-version-vector sibling sets, pruning, and their
// encodings. The only public entry point; everything else in src/ is internal.
export type { VclockErrorCode } from './errors';
export { VclockError } from './errors';
export { VclockAssertionError } from './assert';
export type { ContextLimits, PruneDefaults } from './defaults';
export { contextLimits, pruneDefaults } from './defaults';
export type { Dot } from './dot';
export { compareDots } from './dot';
export type { Clock, ClockEntry, ClockOrder } from './version-vector';
export { clockEquals, clockFrom, compare, counterOf, covers, descends, emptyClock, increment, merge } from './version-vector';
export type { SiblingSet, Sibling, TombstoneSibling, ValueSibling, WriteRequest } from './sibling-set';
export { contextOf, emptySet, isDeleted, liveValues, siblingCount, write } from './sibling-set';
export { descendsSet, setEquals, sync, syncAll } from './sync';
export type { PruneClockResult, PruneOptions, PruneSetResult } from './prune';
export { pruneClock, pruneSet } from './prune';
export { decodeContext, encodeContext, tokenFormatVersion } from './context-token';
export type { PlainEntry, PlainSet, PlainSibling, PlainTombstone, PlainValue } from './plain-encoding';
export { fromPlain, plainFormatVersion, toPlain } from './plain-encoding';
