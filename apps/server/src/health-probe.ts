// Health probe: asks a node's admin server for `GET /health` and reads the answer, so the local
// cluster launcher can wait until every node sees every member up. A probe never throws: a node
// still starting (connection refused), a timeout or a 503 are all answers worth reporting.
import type { NodeHealth } from '@kv/node';

export type HealthProbe =
  | { readonly ok: true; readonly health: NodeHealth }
  | { readonly ok: false; readonly reason: string };

/** One GET /health, bounded by `timeoutMs`. */
export async function probeHealth(adminUrl: string, timeoutMs = 1_000): Promise<HealthProbe> {
  try {
    const response = await fetch(`${adminUrl}/health`, { signal: AbortSignal.timeout(timeoutMs) });
    const body = (await response.json()) as NodeHealth;
    if (response.status !== 200) return { ok: false, reason: `HTTP ${response.status} (${body.status})` };
    return { ok: true, health: body };
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const code = typeof cause?.code === 'string' ? cause.code : (error as Error).name;
    return { ok: false, reason: code === 'ECONNREFUSED' ? 'not listening yet' : `no answer (${code})` };
  }
}

/** "membersUp 2/3" or the reason it did not answer. */
export function describeProbe(probe: HealthProbe, expectedUp: number): string {
  return probe.ok ? `${probe.health.status}, membersUp ${probe.health.membersUp}/${expectedUp}` : probe.reason;
}
