import { packageConfig } from '@kv/vitest-config';

// Real processes: one file at a time, so clusters never fight over ports or the 2 cores.
export default packageConfig({ test: { poolOptions: { forks: { maxForks: 1, minForks: 1 } }, fileParallelism: false } });
