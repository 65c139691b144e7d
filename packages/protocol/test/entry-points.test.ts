// Entry points: `@kv/protocol` must not reach the peer code (the browser client bundles it), and
// each entry exports what the README's API table lists.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as main from '../src/index.js';
import * as peer from '../src/peer.js';

function importGraph(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = readFileSync(new URL(`../src/${file}`, import.meta.url), 'utf8');
  for (const match of source.matchAll(/from '\.\/([\w-]+)\.js'/g)) importGraph(`${match[1]}.ts`, seen);
  return seen;
}

describe('entry points', () => {
  it('index.ts never imports the peer modules', () => {
    const files = [...importGraph('index.ts')];
    expect(files).toContain('client-frame.ts');
    expect(files.filter((f) => f.startsWith('peer'))).toEqual([]);
  });

  it('export the documented runtime API', () => {
    expect(Object.keys(main).sort()).toEqual(
      [
        'AssertionError', 'KvError', 'decodeClientFrame', 'decodeServerFrame', 'decodeValue', 'encodeFrame', 'encodeValue',
        'errorCodeTable', 'errorCodes', 'isErrorCode', 'isKvError', 'keyBytes', 'negotiateVersion', 'pairBytes',
        'protocolLimits', 'protocolVersion', 'protocolVersionMin', 'validateKey',
      ].sort(),
    );
    expect(Object.keys(peer).sort()).toEqual(
      ['decodePeerFrame', 'encodePeerFrame', 'peerNonceBytesMax', 'peerNonceBytesMin', 'peerProofBytes', 'peerProofDomains', 'peerProofInput'].sort(),
    );
  });
});
