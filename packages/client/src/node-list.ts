// Node list: the node URLs the client may dial, in rotation. It starts with the URLs the
// application listed and learns the rest from each welcome's `nodes` (the members the node
// knows to be up), so a client given one seed still fails over to the others. Bounded by
// nodesMax; listed URLs are never forgotten.

export class NodeList {
  private readonly urls: string[];
  private cursor = 0;

  constructor(listed: readonly string[], private readonly sizeMax: number) {
    this.urls = [...new Set(listed)].slice(0, sizeMax);
  }

  get all(): readonly string[] {
    return this.urls;
  }

  /** The URL to dial next; each call moves one step along the list (round robin). */
  next(): string {
    const url = this.urls[this.cursor % this.urls.length] as string;
    // Not wrapped here: a node learned after this dial is the next one dialed.
    this.cursor = (this.cursor % this.urls.length) + 1;
    return url;
  }

  /** Adds the well-formed ws:// or wss:// URLs not known yet, while there is room. */
  learn(urls: readonly string[]): void {
    for (const url of urls) {
      if (this.urls.length >= this.sizeMax) return;
      if (isNodeUrl(url) && !this.urls.includes(url)) this.urls.push(url);
    }
  }
}

export function isNodeUrl(url: unknown): url is string {
  return typeof url === 'string' && /^wss?:\/\/[^\s/?#]+/i.test(url);
}
