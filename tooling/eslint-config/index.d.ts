import type { Linter } from 'eslint';

/** The packages whose src/ must stay pure or sans-IO (DESIGN.md §2–3). */
export const sansIoPackages: readonly string[];
/** The sans-IO bans (clock, randomness, timers, Node built-ins and globals). */
export const sansIoRules: Linter.RulesRecord;
/** The whole monorepo's flat config. */
export function kvConfig(): Linter.Config[];
