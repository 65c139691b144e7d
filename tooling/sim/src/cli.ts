// CLI: `pnpm sim --seeds N` runs seeds 1..N and prints a line per batch and a final
// `N seeds, V violations`; `--scenario <name>|all` runs a named scenario (scenarios.ts), or each
// in turn, for those seeds; `pnpm sim --seed S --options '<json>' [--verbose]` replays one seed
// (verbose prints every trace line). `--nodes` and `--ops` override the options. Exits 1 on a
// violation, after printing SEED=… OPTIONS=… and the replay command.
import { parseArgs } from 'node:util';
import { runSimulation } from './cluster-sim.js';
import { failureReport } from './failure-report.js';
import { scenarioNamed, scenarios } from './scenarios.js';
import type { Scenario } from './scenarios.js';
import type { SimOptions } from './sim-options.js';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string' },
    seed: { type: 'string' },
    scenario: { type: 'string' },
    options: { type: 'string' },
    nodes: { type: 'string' },
    ops: { type: 'string' },
    verbose: { type: 'boolean', default: false },
  },
});

const partial: Record<string, unknown> = values.options === undefined ? {} : (JSON.parse(values.options) as Record<string, unknown>);
if (values.nodes !== undefined) partial['nodes'] = Number(values.nodes);
if (values.ops !== undefined) partial['ops'] = Number(values.ops);
const chosen: readonly Scenario[] =
  values.scenario === undefined ? [{ name: 'custom', proves: '', options: {} }] : values.scenario === 'all' ? scenarios : [scenarioNamed(values.scenario)];
const options = { ...chosen[0]?.options, ...partial } as Partial<SimOptions>;

if (values.seed !== undefined) {
  const seed = Number(values.seed);
  const result = runSimulation(seed, options, values.verbose ? { onTrace: (line) => console.log(line) } : {});
  console.log(`seed ${seed}: ${result.events} events, ${result.virtualMs} virtual ms, trace ${result.traceHash}, ${JSON.stringify(result.stats)}`);
  if (result.violations.length > 0) {
    console.log(failureReport(result));
    process.exitCode = 1;
  } else console.log('0 violations');
} else {
  const total = Number(values.seeds ?? 100);
  let violationsAll = 0;
  for (const scenario of chosen) {
    if (scenario.name !== 'custom') console.log(`scenario ${scenario.name}: ${scenario.proves}`);
    violationsAll += runSeeds(total, { ...scenario.options, ...partial } as Partial<SimOptions>, scenario.name);
  }
  if (violationsAll > 0) process.exitCode = 1;
}

/** Seeds 1..total under `options`; prints progress and the total; returns the violations. */
function runSeeds(total: number, runOptions: Partial<SimOptions>, name: string): number {
  const batch = Math.max(1, Math.min(100, Math.ceil(total / 10)));
  const started = performance.now();
  let violations = 0;
  let failed = 0;
  for (let seed = 1; seed <= total; seed++) {
    const result = runSimulation(seed, runOptions);
    if (result.violations.length > 0) {
      violations += result.violations.length;
      failed++;
      console.log(failureReport(result));
    }
    if (seed % batch === 0 || seed === total) {
      const s = (performance.now() - started) / 1000;
      console.log(`seeds ${Math.max(1, seed - batch + 1)}..${seed}: ${violations} violations so far (${s.toFixed(1)} s, ${(seed / s).toFixed(1)} seeds/s)`);
    }
  }
  const s = (performance.now() - started) / 1000;
  const label = name === 'custom' ? '' : `${name}: `;
  console.log(`${label}${total} seeds, ${violations} violations${failed > 0 ? ` in ${failed} seeds` : ''} (${s.toFixed(1)} s)`);
  return violations;
}
