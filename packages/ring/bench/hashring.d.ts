// Types for the benchmark peer `hashring` (3rd-Eden, ketama-style ring), which ships none.
declare module 'hashring' {
  class HashRing {
    constructor(servers: readonly string[] | Readonly<Record<string, unknown>>, algorithm?: string, options?: Readonly<Record<string, unknown>>);
    /** The server for a key. */
    get(key: string): string | undefined;
    /** `size` distinct servers clockwise from the key (unique by default). */
    range(key: string, size?: number, unique?: boolean): string[];
  }
  export = HashRing;
}
