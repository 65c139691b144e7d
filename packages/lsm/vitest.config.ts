import { packageConfig } from '@kv/vitest-config';

// --expose-gc: the bigger-than-memory test measures the heap after a full collection.
export default packageConfig({ test: { poolOptions: { forks: { execArgv: ['--expose-gc'] } } } });
