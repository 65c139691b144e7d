// README usage blocks: the check that a package's README "Usage" example is exactly the code a
// test runs. The test holds the example between `// README-BEGIN` and `// README-END` (indented
// inside its `it`), importing from the package's sources; this returns both sides so the test
// can compare them — imports rewritten to the local paths, body lines dedented.
import { readFileSync } from 'node:fs';

export interface ReadmeUsage {
  /** The README block's import lines, rewritten by `localImport`. */
  readonly imports: readonly string[];
  /** The README block after its first blank line (rewritten by `bodyLine`). */
  readonly body: readonly string[];
  /** The test file's marked lines, dedented by `indent`. */
  readonly marked: readonly string[];
  /** The whole test file (for checking that it holds each import line). */
  readonly testSource: string;
}

export function readmeUsage(
  readmeUrl: URL,
  testFileUrl: string | URL,
  options: { readonly localImport: (line: string) => string; readonly bodyLine?: (line: string) => string; readonly indent?: number },
): ReadmeUsage {
  const readme = readFileSync(readmeUrl, 'utf8');
  const usage = /## Usage\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (usage === undefined) throw new Error(`${readmeUrl.pathname} has no "## Usage" ts block`);
  const lines = usage.trimEnd().split('\n');
  const blank = lines.indexOf('');
  const testSource = readFileSync(testFileUrl instanceof URL ? testFileUrl : new URL(testFileUrl), 'utf8');
  const marked = /\/\/ README-BEGIN\n([\s\S]*?)\n\s*\/\/ README-END/.exec(testSource)?.[1] ?? '';
  const indent = new RegExp(`^ {${options.indent ?? 4}}`);
  return {
    imports: lines.slice(0, blank).map(options.localImport),
    body: lines.slice(blank + 1).map(options.bodyLine ?? ((line) => line)),
    marked: marked.split('\n').map((line) => line.replace(indent, '')),
    testSource,
  };
}
