// Failure report: how a failing run is printed — `SEED=… OPTIONS=…`, the violations, and the
// one-line command that replays it exactly (CONVENTIONS.md §3).
import type { SimResult } from './cluster-sim.js';
import { simDefaults } from './sim-options.js';

export function failureReport(result: SimResult): string {
  const changed = Object.fromEntries(Object.entries(result.options).filter(([key, value]) => simDefaults[key as keyof typeof simDefaults] !== value));
  const json = JSON.stringify(changed);
  const lines = [`SEED=${result.seed} OPTIONS=${json}`];
  for (const v of result.violations.slice(0, 10)) lines.push(`  [${v.checker}] ${v.message}`);
  if (result.violations.length > 10) lines.push(`  … ${result.violations.length - 10} more`);
  lines.push(`  replay: pnpm sim --seed ${result.seed} --options '${json}' --verbose`);
  return lines.join('\n');
}
