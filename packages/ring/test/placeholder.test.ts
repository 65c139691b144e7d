import { expect, test } from 'vitest'; import { placeholder } from '../src/index'; test('p', () => { expect(placeholder).toBe(1); });
