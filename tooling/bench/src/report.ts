// The report: one row per measured run, then the ratios against the targets. Markdown, so the
// printed report pastes into the README as it is.
import type { RunResult } from './driver';
import type { WorkloadName } from './workload';

export interface Row {
  readonly target: string;
  readonly workload: WorkloadName;
  /** closed: `concurrency` ops outstanding; open: a fixed rate. */
  readonly mode: 'closed' | 'open';
  readonly concurrency: number;
  readonly result: RunResult;
  /** CPU of the servers (the target's processes), in cores, over the run. */
  readonly serverCores: number;
  /** CPU of the bench process (client + driver), in cores. */
  readonly clientCores: number;
  /** Share of all CPUs that processes other than the bench and its servers used. */
  readonly othersBusy: number | undefined;
  readonly stats?: Readonly<Record<string, number>>;
}

const ms = (v: number): string => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));
const rate = (v: number): string => (v >= 10_000 ? `${(v / 1000).toFixed(1)} k` : v.toFixed(0));

export function errorsText(errors: Readonly<Record<string, number>>, notFound = 0): string {
  const parts = Object.entries(errors).map(([code, n]) => `${code} ${n}`);
  if (notFound > 0) parts.push(`not found ${notFound}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

/** Server CPU per completed op, in µs: a cost that moves less from box to box than ops/s. */
export function serverMicrosPerOp(row: Row): number {
  return row.result.opsPerSec > 0 ? (row.serverCores * 1e6) / row.result.opsPerSec : 0;
}

export function rowsTable(rows: readonly Row[]): string {
  const lines = [
    '| target | workload | load | ops/s | p50 ms | p99 ms | p99.9 ms | errors | server CPU | client CPU | server µs/op |',
    '|---|---|---|---:|---:|---:|---:|---|---:|---:|---:|',
  ];
  for (const row of rows) {
    const r = row.result;
    const load = row.mode === 'closed' ? `${row.concurrency} in flight` : `open ${rate(r.targetRate ?? 0)}/s`;
    lines.push(
      `| ${row.target} | ${row.workload} | ${load} | ${rate(r.opsPerSec)} | ${ms(r.p50Ms)} | ${ms(r.p99Ms)} | ${ms(r.p999Ms)} | ${errorsText(r.errors, r.notFound)} | ${row.serverCores.toFixed(2)} | ${row.clientCores.toFixed(2)} | ${serverMicrosPerOp(row).toFixed(0)} |`,
    );
  }
  return lines.join('\n');
}

export interface Check {
  readonly what: string;
  readonly measured: string;
  readonly target: string;
  /** undefined: not measured in this run. */
  readonly pass: boolean | undefined;
  /** A figure for context, with no target. */
  readonly info?: boolean;
}

export function checksTable(checks: readonly Check[]): string {
  const lines = ['| check | measured | target | |', '|---|---:|---|---|'];
  const verdict = (c: Check): string => (c.pass === undefined ? 'not run' : c.info === true ? '' : c.pass ? 'met' : '**missed**');
  for (const c of checks) lines.push(`| ${c.what} | ${c.measured} | ${c.target} | ${verdict(c)} |`);
  return lines.join('\n');
}

export const format = { ms, rate };
