import { checkBlock } from '@dird/core';
import { wrongTypeCases } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { JsonViewsConfigSchema } from './config.js';

describe('a views key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  const base = { displays: { d: [{ title: 'T', field: 'f' }] }, profile_to_display: { default: 'd' } };
  for (const c of wrongTypeCases(JsonViewsConfigSchema, base, [
    { key: 'displays', kind: 'mapping', onNull: 'absent' },
    // A display written with nothing: a display of no columns (xivo-dird's meaning).
    { key: 'displays.d', kind: 'list', onNull: 'kept' },
    { key: 'displays.d.0', kind: 'mapping', onNull: 'error' },
    // Each key of a column is optional, and null is its "none" (reference §3.2).
    { key: 'displays.d.0.title', kind: 'text', onNull: 'kept' },
    { key: 'displays.d.0.type', kind: 'text', onNull: 'kept' },
    { key: 'displays.d.0.field', kind: 'text', onNull: 'kept' },
    { key: 'displays.d.0.default', kind: 'any', onNull: 'kept' },
    { key: 'profile_to_display', kind: 'mapping', onNull: 'absent' },
    { key: 'profile_to_display.default', kind: 'text', onNull: 'error' },
  ]))
    it(c.name, () => c.check());
});

it('names the key at fault inside a display, not the display', () => {
  const [problem] = checkBlock(JsonViewsConfigSchema, { displays: { d: [{ title: 2024 }] } }).problems;
  expect(problem.path).toBe('/displays/d/0/title');
  expect(problem.hint).toMatch(/^got the number 2024; expected text .*such as "2024"/);
});
