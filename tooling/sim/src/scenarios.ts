// Scenarios: named option sets for `pnpm sim --scenario <name>|all` (DESIGN.md §8). Each names
// the cluster property it proves; `all` runs every one for the same seeds.
import type { SimOptions } from './sim-options.js';

export interface Scenario {
  readonly name: string;
  readonly proves: string;
  readonly options: Partial<SimOptions>;
}

export const scenarios: readonly Scenario[] = [
  {
    name: 'faults',
    proves: 'no acknowledged write lost, read-your-writes, convergence under partitions, loss, replays and crashes (final reads at R = all; read repair, no anti-entropy)',
    options: {},
  },
  {
    name: 'disk-loss',
    proves: 'a node that loses its disk (restarted empty) gets every acknowledged write back through anti-entropy alone (no reads at the end)',
    options: { antiEntropy: true, diskLoss: true, finalReads: false },
  },
  {
    name: 'delete-heal',
    proves: 'deletes on few hot keys while single replicas are cut off and tombstones are purged (2 s grace), then healed and converged by anti-entropy alone: no deleted value comes back',
    options: { antiEntropy: true, finalReads: false, partitionMode: 'isolateSingle', keys: 8, clients: 6, faultIntervalMsMean: 800, deleteShare: 0.4, tombstoneGraceMs: 2_000 },
  },
];

export function scenarioNamed(name: string): Scenario {
  const scenario = scenarios.find((s) => s.name === name);
  if (scenario === undefined) throw new Error(`unknown scenario ${name}: one of ${scenarios.map((s) => s.name).join(', ')}, all`);
  return scenario;
}
