// Planted bug: a sim-side mutation of the quorum Coordinator (the package itself is untouched)
// that acknowledges writes at W−1: it lowers each put's and delete's W by one before the real
// Coordinator sees it, while the client history records the W the client asked for. The
// read-your-writes checker must catch it; test/planted-bug.test.ts proves it does.
import type { ClientRequest, CoordinatorInput, CoordinatorOutput } from '@kv/quorum';
import { Coordinator } from '@kv/quorum';
import { levelCount } from './history.js';

export class AckAtWMinusOneCoordinator extends Coordinator<string> {
  constructor(
    config: ConstructorParameters<typeof Coordinator<string>>[0],
    private readonly n: number,
  ) {
    super(config);
  }

  override step(input: CoordinatorInput<string>, nowMs: number): CoordinatorOutput<string> {
    if (input.type === 'request' && input.request.op !== 'get') {
      const w = Math.max(1, levelCount(input.request.w ?? 'quorum', this.n) - 1);
      const request: ClientRequest<string> = { ...input.request, w };
      return super.step({ type: 'request', request }, nowMs);
    }
    return super.step(input, nowMs);
  }
}
