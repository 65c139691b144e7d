// Bench run: the frame every in-package benchmark shares — wait for a quiet machine, run the
// measurements while watching other processes' CPU, print a report (a header naming the package
// and the runtime, the caller's sections, the load line) and save it as results/latest.md.
import { waitForQuietMachine, withLoadReport } from './machine-load';
import { loadLine } from './report';
import { saveResults } from './results';

/** Runs `run` and reports `sections(result)` (blocks of text, separated by blank lines); returns the result. */
export async function runBench<T>(benchUrl: string, name: string, run: () => Promise<T> | T, sections: (result: T) => readonly string[]): Promise<T> {
  await waitForQuietMachine();
  const { result, othersBusyFraction } = await withLoadReport(run);
  const header = `${name} bench — ${new Date().toISOString()}, Node ${process.version}, ${process.platform}/${process.arch}`;
  const report = [header, ...sections(result), loadLine(othersBusyFraction)].join('\n\n');
  console.log(report);
  saveResults(benchUrl, { 'latest.md': `${report}\n` });
  return result;
}
