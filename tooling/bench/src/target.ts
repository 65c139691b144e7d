// A benchmark target: the one shape the driver talks to, whether the store behind it is kv, the
// raw ws + CBOR echo server or etcd. Operations reject with an error that has a `code` (kv's
// KvError codes) or a name (etcd3's GRPC errors); the driver counts them by that.
export interface Target {
  /** `kv`, `echo`, `etcd`. */
  readonly name: string;
  /** Resolves to whether a value was found. */
  read(key: string): Promise<boolean>;
  /** YCSB update: writes the whole value. */
  update(key: string, value: Uint8Array): Promise<void>;
  /** Inserts for the load phase; defaults to `update` one at a time in the driver. */
  loadBatch?(entries: readonly { readonly key: string; readonly value: Uint8Array }[]): Promise<void>;
  /** Target-specific counters for the report (siblings seen, contexts used…). Reset by the driver per run. */
  takeStats?(): Record<string, number>;
  close(): Promise<void>;
}

/** The error label the report groups failures by. */
export function errorLabel(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && name !== 'Error') return name;
  }
  return 'Error';
}
