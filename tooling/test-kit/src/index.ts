export { seededRandom } from './seeded-random';
export type { SeededRandom } from './seeded-random';
export { readmeUsage } from './readme-usage';
export type { ReadmeUsage } from './readme-usage';
