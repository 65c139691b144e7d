// @kv/server: kv-server as a library — config resolution, an in-process server (node + admin
// HTTP + logs), and the local multi-process cluster launcher, for tests, benches and tools that
// want what the `kv-server` and `kv-local-cluster` bins do without spawning a shell.
export { createAdminHandler, startAdminServer } from './admin-server.js';
export type { AdminServer, AdminTarget } from './admin-server.js';
export { resolveArgs, resolveConfig, toNodeOptions } from './config.js';
export type { FileReader, ResolveOptions, ResolvedArgs } from './config.js';
export { ConfigError } from './config-error.js';
export type { ConfigErrorCode } from './config-error.js';
export { envName, flagName, serverDefaults, settingKeys, settings } from './config-settings.js';
export type { ServerConfig, Setting, SettingKey } from './config-settings.js';
export type { LogLevel } from './config-values.js';
export { errorLine, exitCodes } from './error-line.js';
export { probeHealth } from './health-probe.js';
export type { HealthProbe } from './health-probe.js';
export { LocalClusterError, localClusterDefaults, startLocalCluster } from './local-cluster.js';
export type { ClusterFile, LocalCluster, LocalClusterErrorCode, LocalClusterOptions, LocalNodeInfo } from './local-cluster.js';
export { createLogger } from './logger.js';
export type { ServerLogger } from './logger.js';
export type { NodeExit } from './node-process.js';
export { processMetricsPrefix, startServer } from './server.js';
export type { KvServer, StartServerOptions } from './server.js';
