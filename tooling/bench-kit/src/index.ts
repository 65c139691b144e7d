export { machineBusyFraction, waitForQuietMachine, withLoadReport } from './machine-load';
export type { QuietOptions } from './machine-load';
export { measureThroughput } from './measure';
export type { Throughput } from './measure';
export { advantage, loadLine, ratioTable } from './report';
export type { RatioRow } from './report';
export { saveResults } from './results';
export { runBench } from './bench-run';
