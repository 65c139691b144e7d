import { kvConfig } from '@kv/eslint-config';

export default kvConfig();
