import { packageConfig } from '@kv/vitest-config';

export default packageConfig();
