export { seededRandom } from './seeded-random';
export type { SeededRandom } from './seeded-random';
