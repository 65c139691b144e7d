// @kv/sim: the deterministic whole-cluster simulator's entry point (the CLI and tests use it).
export { ClusterSim, runSimulation } from './cluster-sim.js';
export type { RunConfig, SimResult } from './cluster-sim.js';
export { resolveOptions, simDefaults } from './sim-options.js';
export type { PartitionMode, PlantedBug, SimOptions } from './sim-options.js';
export type { Violation } from './checkers/violation.js';
export { failureReport } from './failure-report.js';
export { scenarioNamed, scenarios } from './scenarios.js';
export type { Scenario } from './scenarios.js';
