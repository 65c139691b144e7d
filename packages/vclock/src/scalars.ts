// The two number domains of this package. Counters are positive safe integers (a counter
// past 2^53 would silently round and two writes would share a dot). Timestamps are wall-clock
// milliseconds the caller passes in (`nowMs`); they only order entries for pruning, so any
// finite non-negative number is accepted (a simulator may use virtual or fractional time).

export function isCounter(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

export function isTimestampMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}
