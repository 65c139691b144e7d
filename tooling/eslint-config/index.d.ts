import type { Linter } from 'eslint';

export const sansIoPackages: readonly string[];
export const sansIoRules: Linter.RulesRecord;
export function kvConfig(): Linter.Config[];
