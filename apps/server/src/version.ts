// Version: the package version, printed by `--version` (inlined from package.json at build time).
import packageJson from '../package.json' with { type: 'json' };

export const version: string = packageJson.version;
