// Results files: every benchmark saves what it printed under its own `bench/results/` (git-ignored)
// as `latest.md`, plus any JSON it keeps, so a run can be pasted into a README afterwards.
import { mkdirSync, writeFileSync } from 'node:fs';

/**
 * Writes `files` (name → contents) into the `results/` folder beside the bench entry whose
 * `import.meta.url` is `benchUrl`, creating the folder.
 */
export function saveResults(benchUrl: string, files: Record<string, string>): void {
  const dir = new URL('./results/', benchUrl);
  mkdirSync(dir, { recursive: true });
  for (const [name, contents] of Object.entries(files)) writeFileSync(new URL(name, dir), contents);
}
