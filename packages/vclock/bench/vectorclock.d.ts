// Types for the `vectorclock` package (mixu/vectorclock, plain JS): the benchmark peer, also
// used in tests as an independent oracle for compare and merge.
declare module 'vectorclock' {
  export type PlainClock = Record<string, number>;
  export interface Clocked {
    clock: PlainClock;
  }
  /** -1 when a < b, 1 when a > b, 0 when equal or concurrent. */
  export function compare(a: Clocked | PlainClock, b: Clocked | PlainClock): -1 | 0 | 1;
  export function isConcurrent(a: Clocked | PlainClock, b: Clocked | PlainClock): boolean;
  export function isIdentical(a: Clocked | PlainClock, b: Clocked | PlainClock): boolean;
  export function merge(a: Clocked, b: Clocked): Clocked;
  export function merge(a: PlainClock, b: PlainClock): PlainClock;
  export function increment<T extends Clocked | PlainClock>(o: T, nodeId: string): T;
  export const GT: 1;
  export const LT: -1;
  export const CONCURRENT: 0;
}
