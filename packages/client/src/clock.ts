// Clock: the client's one reading of time, for request deadlines. Monotonic (performance.now,
// present in browsers and Node ≥ 16) so a wall-clock jump never expires or stretches a request.

export function monotonicNowMs(): number {
  return performance.now();
}
