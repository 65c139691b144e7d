// Node metrics: what a node exports on /metrics (Prometheus text, via prom-client — the de facto
// Node client: counters, histograms, a registry per node so tests can run several nodes in one
// process). Request counts and latency per op, quorum outcomes (acks by role, hinted writes,
// divergent reads, read repairs), siblings per read, the hint backlog, lsm cache hit rate and
// compactions, vclock entries pruned, peer traffic and overload refusals. Values kept by the
// machines and the lsm themselves are read when Prometheus scrapes (collect), never copied on
// the request path.
import type { LsmStats } from '@kv/lsm';
import type { AntiEntropyStats, ReplicaStats } from '@kv/quorum';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export interface MetricSources {
  lsm(): LsmStats;
  replica(): ReplicaStats;
  antiEntropy(): AntiEntropyStats;
  hintsPending(): number;
  members(): readonly { readonly status: string }[];
  peers(): { readonly messagesSent: number; readonly messagesDropped: number; readonly framesSent: number; readonly connects: number; readonly handshakeFailures: number };
  requestsInFlight(): number;
  setCache(): { readonly hits: number; readonly misses: number };
}

const latencyBucketsSeconds = [0.0002, 0.0005, 0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class NodeMetrics {
  readonly registry = new Registry();
  readonly requests: Counter<'op' | 'outcome'>;
  readonly requestSeconds: Histogram<'op'>;
  readonly acks: Counter<'op' | 'role'>;
  readonly hintedWrites: Counter;
  readonly divergentReads: Counter;
  readonly readRepairs: Counter<'when'>;
  readonly antiEntropyExchanges: Counter<'outcome'>;
  readonly siblingsPerRead: Histogram;
  readonly gossipEvents: Counter<'type'>;
  readonly frameErrors: Counter<'code'>;
  readonly overloaded: Counter<'where'>;
  readonly clientConnections: Gauge;
  private sources: MetricSources | undefined;

  constructor(labels: { node: string }) {
    const registers = [this.registry];
    this.registry.setDefaultLabels(labels);
    this.requests = new Counter({ name: 'kv_requests_total', help: 'Client requests by op and outcome (ok or an error code)', labelNames: ['op', 'outcome'], registers });
    this.requestSeconds = new Histogram({ name: 'kv_request_duration_seconds', help: 'Client request latency at this node, by op', labelNames: ['op'], buckets: latencyBucketsSeconds, registers });
    this.acks = new Counter({ name: 'kv_quorum_acks_total', help: 'Replica answers counted by coordinated requests, by role (primary or fallback)', labelNames: ['op', 'role'], registers });
    this.hintedWrites = new Counter({ name: 'kv_quorum_hinted_writes_total', help: 'Writes acknowledged with at least one fallback holding a hint (sloppy quorum)', registers });
    this.divergentReads = new Counter({ name: 'kv_quorum_divergent_reads_total', help: 'Reads whose replicas answered different versions', registers });
    this.readRepairs = new Counter({ name: 'kv_read_repairs_total', help: 'Replicas sent merged versions by read repair', labelNames: ['when'], registers });
    this.antiEntropyExchanges = new Counter({ name: 'kv_anti_entropy_exchanges_total', help: 'Anti-entropy exchanges this node started, by outcome (equal trees, repaired, aborted)', labelNames: ['outcome'], registers });
    this.siblingsPerRead = new Histogram({ name: 'kv_siblings_per_read', help: 'Concurrent live values returned by a get', buckets: [0, 1, 2, 3, 4, 8, 16, 64], registers });
    this.gossipEvents = new Counter({ name: 'kv_gossip_events_total', help: 'Membership changes seen by this node, by type', labelNames: ['type'], registers });
    this.frameErrors = new Counter({ name: 'kv_frame_errors_total', help: 'Client frames or messages refused, by error code', labelNames: ['code'], registers });
    this.overloaded = new Counter({ name: 'kv_overloaded_total', help: 'Requests refused with OVERLOADED, by the bound that was full', labelNames: ['where'], registers });
    this.clientConnections = new Gauge({ name: 'kv_client_connections', help: 'Open client connections', registers });
    this.sourcedMetrics(registers);
  }

  /** Connects the scrape-time readers (once the node's parts exist). */
  attach(sources: MetricSources): void {
    this.sources = sources;
  }

  private sourcedMetrics(registers: Registry[]): void {
    const source = (): MetricSources | undefined => this.sources;
    const gauge = (name: string, help: string, read: (s: MetricSources) => number): void => {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const sources = source();
          if (sources !== undefined) this.set(read(sources));
        },
      });
    };
    // Totals the lsm, the Replica and the links keep: exposed as counters that catch up on scrape.
    const counter = (name: string, help: string, read: (s: MetricSources) => number): void => {
      let seen = 0;
      new Counter({
        name,
        help,
        registers,
        collect() {
          const sources = source();
          if (sources === undefined) return;
          const now = read(sources);
          if (now > seen) this.inc(now - seen);
          seen = Math.max(seen, now);
        },
      });
    };
    // The event loop's stalls: every request on this node waits behind them. The histogram
    // records the whole interval of its `resolution` timer, so an idle loop reads ≈ 10 ms; the
    // delay is what is left after the resolution.
    const loopDelayResolutionMs = 10;
    const loopDelay = monitorEventLoopDelay({ resolution: loopDelayResolutionMs });
    const delaySeconds = (nanos: number): number => Math.max(0, nanos / 1e6 - loopDelayResolutionMs) / 1000;
    loopDelay.enable();
    const loopDelayGauge = new Gauge({
      name: 'kv_event_loop_delay_seconds',
      help: 'Event loop delay since the previous scrape: p50, p99 and max',
      labelNames: ['quantile'],
      registers,
      collect: () => {
        loopDelayGauge.set({ quantile: '0.5' }, delaySeconds(loopDelay.percentile(50)));
        loopDelayGauge.set({ quantile: '0.99' }, delaySeconds(loopDelay.percentile(99)));
        loopDelayGauge.set({ quantile: 'max' }, delaySeconds(loopDelay.max));
        loopDelay.reset();
      },
    });
    gauge('kv_hints_pending', 'Hinted keys held for down owners (the handoff backlog)', (s) => s.hintsPending());
    gauge('kv_requests_in_flight', 'Client requests waiting for their quorum', (s) => s.requestsInFlight());
    const members = new Gauge({
      name: 'kv_members',
      help: 'Cluster members as this node sees them, by status',
      labelNames: ['status'],
      registers,
      collect: () => {
        if (this.sources === undefined) return;
        const counts: Record<string, number> = { up: 0, suspect: 0, down: 0, left: 0 };
        for (const member of this.sources.members()) counts[member.status] = (counts[member.status] ?? 0) + 1;
        for (const [status, count] of Object.entries(counts)) members.set({ status }, count);
      },
    });
    gauge('kv_lsm_block_cache_hit_ratio', 'Block cache hits / lookups since start', (s) => {
      const { hits, misses } = s.lsm().blockCache;
      return hits + misses === 0 ? 0 : hits / (hits + misses);
    });
    counter('kv_lsm_block_cache_hits_total', 'Block cache hits', (s) => s.lsm().blockCache.hits);
    counter('kv_lsm_block_cache_misses_total', 'Block cache misses (a block read from disk)', (s) => s.lsm().blockCache.misses);
    counter('kv_set_cache_hits_total', 'Replica reads served from the decoded hot-set cache', (s) => s.setCache().hits);
    counter('kv_set_cache_misses_total', 'Replica reads that went to the lsm', (s) => s.setCache().misses);
    counter('kv_lsm_compactions_total', 'Compactions run', (s) => s.lsm().compactions);
    counter('kv_lsm_flushes_total', 'Memtables flushed to SSTables', (s) => s.lsm().flushes);
    counter('kv_lsm_write_stalls_total', 'Writes that waited for flush or compaction', (s) => s.lsm().stalls);
    gauge('kv_lsm_table_bytes', 'Bytes in SSTables', (s) => s.lsm().tableBytes);
    gauge('kv_lsm_memtable_bytes', 'Bytes in the active memtable', (s) => s.lsm().memtableBytes);
    counter('kv_vclock_entries_pruned_total', 'Vector clock entries pruned (oldest first) past the length threshold', (s) => s.replica().clockEntriesPruned);
    counter('kv_hints_stored_total', 'Writes stored as hints for a down owner', (s) => s.replica().hintsStored);
    counter('kv_hints_refused_total', 'Hints refused because the per-owner bound was full', (s) => s.replica().hintsRefused);
    counter('kv_handoffs_completed_total', 'Hinted keys handed off to their owner', (s) => s.replica().handoffsCompleted);
    counter('kv_writes_coordinated_total', 'Writes this node coordinated as a replica (generated the version)', (s) => s.replica().writesCoordinated);
    gauge('kv_anti_entropy_keys', 'Keys in this node\'s anti-entropy trees: the keys it holds as a primary', (s) => s.antiEntropy().keys);
    gauge('kv_anti_entropy_groups', 'Replica groups (sets of N primaries) this node keeps a Merkle tree for', (s) => s.antiEntropy().groups);
    counter('kv_tombstones_purged_total', 'Tombstones this node removed once every replica held them and the grace period had passed', (s) => s.antiEntropy().tombstonesPurged);
    counter('kv_anti_entropy_sets_sent_total', 'Sibling sets this node sent to a replica that lacked or differed on them (anti-entropy repairs)', (s) => s.antiEntropy().setsSent);
    counter('kv_dot_conflicts_total', 'Versions naming a different write under the same actor (kv679: must stay 0)', (s) => s.replica().dotConflicts);
    counter('kv_peer_messages_sent_total', 'Messages sent to peers', (s) => s.peers().messagesSent);
    counter('kv_peer_frames_sent_total', 'Frames sent to peers (messages coalesced per event-loop turn)', (s) => s.peers().framesSent);
    counter('kv_peer_messages_dropped_total', 'Peer messages dropped (peer unreachable, queue or socket buffer full)', (s) => s.peers().messagesDropped);
    counter('kv_peer_handshake_failures_total', 'Peer handshakes refused or failed', (s) => s.peers().handshakeFailures);
  }
}
