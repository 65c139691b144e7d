// End-to-end benchmark: YCSB-A (50/50 read/update) and YCSB-B (95/5), scrambled-zipfian keys,
// 1 KB values, against a local 3-node kv cluster (N = 3, R = W = 2), beside two peers measured
// in the same run: a raw ws + cbor-x echo server (the ceiling of request/response over ws + CBOR
// on this machine, same framing and concurrency) and a 3-member etcd 3.4 (same mix, driven with
// the etcd3 client). Method and results: ../README.md. `pnpm --filter @kv/bench bench`; never
// part of the tests.
//
// Flags: --duration-s 10  --warmup-s 2  --records 50000  --concurrency 16,64,256
//        --kv-sync always (kv-server's --sync for every node: always | never | <ms>)
//        --quick (short smoke run)  --skip-kv  --skip-echo  --skip-relay  --skip-etcd
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadLine, saveResults, waitForQuietMachine, withLoadReport } from '@kv/bench-kit';
import type { RunResult } from './driver';
import { runClosedLoop, runLoad, runOpenLoop } from './driver';
import { echoTarget, startEchoServer } from './echo-target';
import { startRelayCluster } from './relay-cluster';
import { etcdInstallHint, etcdVersion, startEtcdCluster } from './etcd-cluster';
import { etcdTarget } from './etcd-target';
import type { startKvCluster } from './kv-cluster';
import type { kvTarget } from './kv-target';
import { cleanupAll, cpuMsBetween, descendantCpu, installCleanupHandlers } from './processes';
import type { Check, Row } from './report';
import { checksTable, errorsText, format, rowsTable } from './report';
import type { Target } from './target';
import type { WorkloadName } from './workload';
import { Workload, loadOps, workloadTitle } from './workload';

// ---- settings ---------------------------------------------------------------------------------

const { values: flags } = parseArgs({
  options: {
    'duration-s': { type: 'string' },
    'warmup-s': { type: 'string' },
    records: { type: 'string' },
    concurrency: { type: 'string' },
    'kv-sync': { type: 'string' },
    quick: { type: 'boolean', default: false },
    'skip-kv': { type: 'boolean', default: false },
    'skip-echo': { type: 'boolean', default: false },
    'skip-relay': { type: 'boolean', default: false },
    'skip-etcd': { type: 'boolean', default: false },
  },
});

function positive(name: string, raw: string | undefined, fallback: number): number {
  const value = raw === undefined ? fallback : Number(raw);
  if (!(value > 0)) throw new Error(`--${name} must be a positive number, got ${raw}`);
  return value;
}

const quick = flags.quick === true;
const settings = {
  durationMs: 1000 * positive('duration-s', flags['duration-s'], quick ? 2 : 10),
  warmupMs: 1000 * positive('warmup-s', flags['warmup-s'], quick ? 0.5 : 2),
  records: Math.round(positive('records', flags.records, quick ? 2_000 : 50_000)),
  concurrencies: (flags.concurrency ?? (quick ? '64' : '16,64,256')).split(',').map((c) => Math.round(positive('concurrency', c, 1))),
  valueBytes: 1024,
  /** kv-server --sync: 'always' (its default) fsyncs every acknowledged write, as etcd does. */
  kvSync: flags['kv-sync'] ?? 'always',
  seed: 20261125,
  /** kv: N = 3 on 3 nodes, R = W = 2. */
  r: 2,
  w: 2,
  /** etcd is slow: 64 in flight (measurements.md), half the duration. */
  etcdConcurrency: 64,
  /** The put-throughput comparison runs both stores at this concurrency. */
  putConcurrency: 64,
  /** Connections: one KvClient per node (each keeps one connection, kv-target.ts); the echo client opens as many. */
  connections: 3,
  /** Open loop at this share of the closed-loop maximum (the p99 target). */
  halfShare: 0.5,
  loadTimeLimitMs: 120_000,
  // Ports off the defaults (7070…, 17070…) that kv-servers of a developer or a test may hold.
  ports: { kv: 27171, kvAdmin: 27181, echo: 27190, relay: 27195, etcdClient: 23791, etcdPeer: 23801 },
} as const;
const workloads: readonly WorkloadName[] = ['A', 'B'];

// ---- one measured run -------------------------------------------------------------------------

type Load = { readonly mode: 'closed'; readonly concurrency: number } | { readonly mode: 'open'; readonly opsPerSec: number; readonly concurrency: number };

const rows: Row[] = [];

async function measure(target: Target, workload: WorkloadName, load: Load, durationMs = settings.durationMs): Promise<Row> {
  const ops = new Workload({ name: workload, recordCount: settings.records, valueBytes: settings.valueBytes, seed: settings.seed });
  const nextOp = () => ops.next();
  const window = { warmupMs: settings.warmupMs, durationMs };
  target.takeStats?.(); // reset
  const serversBefore = descendantCpu();
  const ownBefore = process.cpuUsage();
  const started = performance.now();
  const { result, othersBusyFraction } = await withLoadReport(() =>
    load.mode === 'closed'
      ? runClosedLoop(target, nextOp, { ...window, concurrency: load.concurrency })
      : runOpenLoop(target, nextOp, { ...window, opsPerSec: load.opsPerSec, outstandingMax: 1024 }),
  );
  const elapsedMs = performance.now() - started;
  const serverMs = cpuMsBetween(serversBefore, descendantCpu());
  const own = process.cpuUsage(ownBefore);
  const stats = target.takeStats?.();
  const row: Row = {
    target: target.name,
    workload,
    mode: load.mode,
    concurrency: load.concurrency,
    result,
    serverCores: serverMs / elapsedMs,
    clientCores: (own.user + own.system) / 1000 / elapsedMs,
    othersBusy: othersBusyFraction === undefined ? undefined : Math.max(0, othersBusyFraction - serverMs / (elapsedMs * cpus().length)),
    ...(stats === undefined ? {} : { stats }),
  };
  rows.push(row);
  console.log(progressLine(row));
  return row;
}

function progressLine(row: Row): string {
  const r = row.result;
  const load = row.mode === 'closed' ? `${row.concurrency} in flight` : `open loop ${format.rate(r.targetRate ?? 0)}/s`;
  const stats = row.stats === undefined ? '' : ` [${Object.entries(row.stats).map(([k, v]) => `${k} ${v}`).join(', ')}]`;
  return (
    `  ${row.target} ${row.workload} ${load}: ${format.rate(r.opsPerSec)} ops/s, p50 ${format.ms(r.p50Ms)} / p99 ${format.ms(r.p99Ms)} / ` +
    `p99.9 ${format.ms(r.p999Ms)} ms, errors ${errorsText(r.errors, r.notFound)}; CPU servers ${row.serverCores.toFixed(2)}, ` +
    `client ${row.clientCores.toFixed(2)} cores; ${loadLine(row.othersBusy)}${stats}`
  );
}

/** The run with the highest throughput among those with < 1 % errors. */
function best(candidates: readonly Row[]): Row | undefined {
  const clean = candidates.filter((row) => errorCount(row.result) < 0.01 * Math.max(1, row.result.ops));
  return [...clean].sort((a, b) => b.result.opsPerSec - a.result.opsPerSec)[0];
}

function errorCount(result: RunResult): number {
  return Object.values(result.errors).reduce((sum, n) => sum + n, 0);
}

async function loadRecords(target: Target, batch?: number): Promise<void> {
  const load = await runLoad(target, loadOps(settings.records, settings.valueBytes, settings.seed), {
    concurrency: batch === undefined ? 128 : 4,
    ...(batch === undefined ? {} : { batch }),
    timeLimitMs: settings.loadTimeLimitMs,
  });
  const note = load.complete ? '' : ` — stopped at the ${settings.loadTimeLimitMs / 1000} s limit, reads of the rest will miss`;
  console.log(`  ${target.name} load: ${load.records} records in ${load.seconds.toFixed(1)} s (${format.rate(load.records / load.seconds)}/s), errors ${errorsText(load.errors)}${note}`);
}

// ---- the three targets ------------------------------------------------------------------------

const notes: string[] = [];

/** @kv/client and @kv/server load from their dist/: imported here, so a missing build fails this section only. */
async function loadKvModules(): Promise<[{ startKvCluster: typeof startKvCluster }, { kvTarget: typeof kvTarget }]> {
  try {
    return await Promise.all([import('./kv-cluster'), import('./kv-target')]);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new Error(`${message} — build the packages first: pnpm exec turbo run build --filter=@kv/bench^...`);
  }
}

async function benchKv(): Promise<void> {
  console.log(`\n## kv: 3 nodes, N = 3, R = W = ${settings.w}, sync ${settings.kvSync}`);
  const [{ startKvCluster }, { kvTarget }] = await loadKvModules();
  const cluster = await startKvCluster({ basePort: settings.ports.kv, adminBasePort: settings.ports.kvAdmin, nodeArgs: ['--sync', settings.kvSync] });
  try {
    const target = await kvTarget({ urls: cluster.urls, r: settings.r, w: settings.w, clients: settings.connections });
    try {
      await loadRecords(target);
      for (const workload of workloads) {
        const closed: Row[] = [];
        for (const concurrency of settings.concurrencies) closed.push(await measure(target, workload, { mode: 'closed', concurrency }));
        const top = best(closed);
        if (top === undefined) continue;
        const opsPerSec = Math.max(1, Math.round(top.result.opsPerSec * settings.halfShare));
        await measure(target, workload, { mode: 'open', opsPerSec, concurrency: top.concurrency });
      }
      await measure(target, 'W', { mode: 'closed', concurrency: settings.putConcurrency });
    } finally {
      await target.close();
    }
  } finally {
    await cluster.close();
  }
}

/**
 * Echo at every concurrency the kv runs used (the ratio takes kv's best one); then, at kv's best
 * concurrency, the echo with kv's receipt in every reply, to show what decoding it costs.
 */
async function benchEcho(): Promise<void> {
  console.log(`\n## echo: ws + cbor-x, ${settings.connections} connections`);
  const middle = settings.concurrencies[Math.floor(settings.concurrencies.length / 2)] ?? 64;
  const levels = (workload: WorkloadName): Record<string, readonly number[]> => ({
    echo: settings.concurrencies,
    'echo+receipt': [best(rows.filter((r) => r.target === 'kv' && r.workload === workload && r.mode === 'closed'))?.concurrency ?? middle],
  });
  for (const [name, port] of [['echo', settings.ports.echo], ['echo+receipt', settings.ports.echo + 1]] as const) {
    const server = await startEchoServer(port, settings.valueBytes, name === 'echo+receipt');
    try {
      const target = await echoTarget(name, server.url, settings.connections);
      try {
        for (const workload of workloads) {
          for (const concurrency of levels(workload)[name] ?? []) await measure(target, workload, { mode: 'closed', concurrency });
        }
      } finally {
        await target.close();
      }
    } finally {
      await server.close();
    }
  }
}

/** The relay (relay-server.ts): kv's messages per op with none of its work, at kv's concurrencies. */
async function benchRelay(): Promise<void> {
  console.log(`\n## relay: 3 ws + cbor-x relays, N = 3, R = W = 2 messaging only, ${settings.connections} connections`);
  const cluster = await startRelayCluster(settings.ports.relay, settings.valueBytes);
  try {
    const target = await echoTarget('relay', cluster.urls, settings.connections);
    try {
      for (const workload of workloads) {
        for (const concurrency of settings.concurrencies) await measure(target, workload, { mode: 'closed', concurrency });
      }
    } finally {
      await target.close();
    }
  } finally {
    await cluster.close();
  }
}

async function benchEtcd(): Promise<void> {
  const version = etcdVersion();
  if (version === undefined) {
    console.log(`\n## etcd: skipped. ${etcdInstallHint}`);
    notes.push(`etcd column skipped: ${etcdInstallHint}`);
    return;
  }
  console.log(`\n## etcd ${version}: 3 members, ${settings.etcdConcurrency} in flight`);
  const cluster = await startEtcdCluster({ clientPortBase: settings.ports.etcdClient, peerPortBase: settings.ports.etcdPeer });
  try {
    const target = etcdTarget(cluster.hosts);
    try {
      await loadRecords(target, 512);
      const durationMs = Math.max(1000, settings.durationMs / 2);
      for (const workload of [...workloads, 'W'] as const) {
        await measure(target, workload, { mode: 'closed', concurrency: settings.etcdConcurrency }, durationMs);
      }
    } finally {
      await target.close();
    }
  } finally {
    await cluster.close();
  }
}

async function section(name: string, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  ${name} failed: ${message}`);
    notes.push(`${name} did not run: ${message}`);
  }
}

// ---- the report -------------------------------------------------------------------------------

function find(target: string, workload: WorkloadName, mode: 'closed' | 'open', concurrency?: number): Row | undefined {
  return rows.find((r) => r.target === target && r.workload === workload && r.mode === mode && (concurrency === undefined || r.concurrency === concurrency));
}

/** ours / peer against `min` (undefined: a figure for context, no target). */
function ratioCheck(what: string, ours: Row | undefined, peer: Row | undefined, min: number | undefined, pick: (r: RunResult) => number): Check {
  const target = min === undefined ? '—' : `≥ ${min}×`;
  const info = min === undefined ? { info: true } : {};
  if (ours === undefined || peer === undefined) return { what, measured: '—', target, pass: undefined, ...info };
  const ratio = pick(ours.result) / pick(peer.result);
  const measured = `${ratio.toFixed(2)}× (${format.rate(pick(ours.result))} / ${format.rate(pick(peer.result))})`;
  return { what, measured, target, pass: ratio >= (min ?? 0), ...info };
}

function checks(): Check[] {
  const out: Check[] = [];
  const ops = (r: RunResult): number => r.opsPerSec;
  for (const workload of workloads) {
    const top = best(rows.filter((r) => r.target === 'kv' && r.workload === workload && r.mode === 'closed'));
    out.push(ratioCheck(`${workload}: kv max / echo, ${top?.concurrency ?? '?'} in flight`, top, top && find('echo', workload, 'closed', top.concurrency), 0.5, ops));
    const open = find('kv', workload, 'open');
    out.push({
      what: `${workload}: kv p99 at half the max (open loop ${format.rate(open?.result.targetRate ?? 0)}/s)`,
      measured: open === undefined ? '—' : `${format.ms(open.result.p99Ms)} ms (${format.rate(open.result.opsPerSec)} ops/s done)`,
      target: '≤ 5 ms',
      pass: open === undefined ? undefined : open.result.p99Ms <= 5,
    });
    out.push(ratioCheck(`${workload}: kv max / relay (kv's messages, no work), ${top?.concurrency ?? '?'} in flight`, top, top && find('relay', workload, 'closed', top.concurrency), undefined, ops));
    out.push(ratioCheck(`${workload}: relay / echo, ${top?.concurrency ?? '?'} in flight`, top && find('relay', workload, 'closed', top.concurrency), top && find('echo', workload, 'closed', top.concurrency), undefined, ops));
    const receipt = top && find('echo+receipt', workload, 'closed', top.concurrency);
    out.push(ratioCheck(`${workload}: kv max / echo+receipt, ${receipt?.concurrency ?? '?'} in flight`, receipt && top, receipt, undefined, ops));
    out.push(ratioCheck(`${workload}: kv / etcd, both ${settings.etcdConcurrency} in flight`, find('kv', workload, 'closed', settings.etcdConcurrency), find('etcd', workload, 'closed'), undefined, ops));
  }
  const puts = (r: RunResult): number => r.updatesPerSec;
  out.push(ratioCheck(`puts/s: kv / etcd, W (100 % inserts), both ${settings.putConcurrency} in flight`, find('kv', 'W', 'closed'), find('etcd', 'W', 'closed'), 10, puts));
  return out;
}

function report(othersBusy: number | undefined, seconds: number): string {
  const kvStats = rows.filter((r) => r.stats !== undefined).map((r) => `- kv ${r.workload} ${r.mode === 'closed' ? `${r.concurrency} in flight` : 'open loop'}: ${Object.entries(r.stats ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  return [
    `# YCSB on kv vs ws+cbor-x echo vs etcd`,
    '',
    `${new Date().toISOString()} · ${cpus().length} × ${cpus()[0]?.model ?? '?'} · Node ${process.version} · ${settings.records} records × ${settings.valueBytes} B · ` +
      `${settings.durationMs / 1000} s per run after ${settings.warmupMs / 1000} s warm-up (etcd ${Math.max(1, settings.durationMs / 2000)} s) · whole run ${seconds.toFixed(0)} s`,
    '',
    workloads.map((w) => `${w} = ${workloadTitle[w]}`).join('; ') + `; W = ${workloadTitle.W}.`,
    '',
    rowsTable(rows),
    '',
    checksTable(checks()),
    '',
    `CPU: server/client columns are cores used (of ${cpus().length}) over the run; server µs/op is server CPU per completed op. ` +
      `${loadLine(othersBusy)} (mean over the runs, excluding the bench and its servers).`,
    ...(kvStats.length > 0 ? ['', 'kv siblings per run:', ...kvStats] : []),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes.map((n) => `- ${n}`)] : []),
  ].join('\n');
}

async function main(): Promise<void> {
  installCleanupHandlers();
  await waitForQuietMachine();
  const started = performance.now();
  const { othersBusyFraction } = await withLoadReport(async () => {
    if (flags['skip-kv'] !== true) await section('kv', benchKv);
    if (flags['skip-echo'] !== true) await section('echo', benchEcho);
    if (flags['skip-relay'] !== true) await section('relay', benchRelay);
    if (flags['skip-etcd'] !== true) await section('etcd', benchEtcd);
  });
  // The whole-run figure counts the servers as "others"; the per-run rows subtract them.
  const measured = rows.map((r) => r.othersBusy).filter((v): v is number => v !== undefined);
  const others = measured.length === 0 ? othersBusyFraction : measured.reduce((a, b) => a + b, 0) / measured.length;
  const text = report(others, (performance.now() - started) / 1000);
  console.log(`\n${text}`);
  const json = JSON.stringify({ settings, rows, checks: checks(), notes }, null, 2);
  saveResults(new URL('../', import.meta.url).href, { 'latest.md': `${text}\n`, 'latest.json': json, [`${new Date().toISOString().replace(/[:.]/g, '-')}.json`]: json });
}

main()
  .catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanupAll();
    process.exit();
  });
