// Report tables for benchmarks: our figure, the peer's, and the ratio, as a Markdown table
// that can be pasted into a README as it is.
export interface RatioRow {
  readonly case: string;
  readonly ours: number;
  readonly peer: number;
  /** Unit of `ours` and `peer`, e.g. 'ops/s' or 'bytes'. */
  readonly unit: string;
  /** true when bigger is better (throughput); false for costs (bytes, ms). */
  readonly higherIsBetter: boolean;
}

function formatNumber(value: number): string {
  if (Math.abs(value) >= 1e6) return `${(value / 1e6).toFixed(2)} M`;
  if (Math.abs(value) >= 1e3) return `${(value / 1e3).toFixed(1)} k`;
  return value.toFixed(value < 10 ? 2 : 0);
}

/** The advantage of ours over the peer: > 1 means ours is better whichever way "better" points. */
export function advantage(row: RatioRow): number {
  return row.higherIsBetter ? row.ours / row.peer : row.peer / row.ours;
}

export function ratioTable(title: string, peerName: string, rows: readonly RatioRow[]): string {
  const lines = [
    `### ${title}`,
    '',
    `| case | kv | ${peerName} | unit | kv advantage |`,
    '|---|---:|---:|---|---:|',
    ...rows.map(
      (row) =>
        `| ${row.case} | ${formatNumber(row.ours)} | ${formatNumber(row.peer)} | ${row.unit} | ${advantage(row).toFixed(2)}× |`,
    ),
  ];
  return lines.join('\n');
}

export function loadLine(othersBusyFraction: number | undefined): string {
  if (othersBusyFraction === undefined) return 'other processes during the run: unknown (no /proc/stat)';
  return `other processes used ${(othersBusyFraction * 100).toFixed(1)} % of all CPUs during the run`;
}
