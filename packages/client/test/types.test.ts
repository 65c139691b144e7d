// Type-level tests (checked by `tsc`, which `pnpm typecheck` runs over test/): an unresolved
// read has no `value` until the app narrows on `kind`, so a conflict cannot be ignored by
// accident; a read with a resolver has one; contexts are branded; options are typed.
import { describe, expectTypeOf, it } from 'vitest';
import type { Context, GetResult, KvClient, PutResult, ResolvedGetResult } from '../src/index.js';
import { asContext } from '../src/index.js';

interface User {
  readonly name: string;
}

/** Only type-checked, never run: no client exists here. */
async function usesTheTypes(kv: KvClient): Promise<void> {
  const res = await kv.get<User>('user:1');
  expectTypeOf(res).toEqualTypeOf<GetResult<User>>();
  expectTypeOf(res).not.toHaveProperty('value');
  expectTypeOf(res.siblings).toEqualTypeOf<readonly User[] | readonly [] | readonly [User]>();
  expectTypeOf(res.context).toEqualTypeOf<Context>();
  // @ts-expect-error: `value` exists only once the union is narrowed
  void res.value;
  switch (res.kind) {
    case 'missing':
      expectTypeOf(res.found).toEqualTypeOf<false>();
      break;
    case 'value':
      expectTypeOf(res.value).toEqualTypeOf<User>();
      break;
    case 'conflict':
      expectTypeOf(res.siblings).toEqualTypeOf<readonly User[]>();
      // @ts-expect-error: a conflict has siblings, not a value
      void res.value;
      break;
  }

  const resolved = await kv.get('user:1', { resolve: (siblings: readonly User[]) => siblings[0] as User });
  expectTypeOf(resolved).toEqualTypeOf<ResolvedGetResult<User>>();
  expectTypeOf(resolved.value).toEqualTypeOf<User | undefined>();
  expectTypeOf(resolved.resolvedFrom).toEqualTypeOf<number>();

  const raw = await kv.get('blob', { raw: true });
  expectTypeOf(raw).toEqualTypeOf<GetResult<Uint8Array>>();

  expectTypeOf(await kv.put('user:1', { name: 'Ada' }, { context: res.context, w: 'quorum' })).toEqualTypeOf<PutResult>();
  // @ts-expect-error: a plain string is not a context; restore saved tokens with asContext
  await kv.put('user:1', { name: 'Ada' }, { context: 'v1' });
  await kv.put('user:1', { name: 'Ada' }, { context: asContext('v1') });
  // @ts-expect-error: not a consistency level
  await kv.put('user:1', 1, { w: 'most' });
}

describe('types', () => {
  it('are checked by tsc (this body only keeps the module in the run)', () => {
    expectTypeOf(usesTheTypes).toBeFunction();
  });
});
