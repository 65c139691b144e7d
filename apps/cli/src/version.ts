// Version: the package version, printed by `kv --version` and sent as the client agent (inlined from package.json at build time).
import packageJson from '../package.json' with { type: 'json' };

export const version: string = packageJson.version;
