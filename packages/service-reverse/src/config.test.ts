import { checkBlock } from '@dird/core';
import { wrongTypeCases } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { ReverseConfigSchema } from './config.js';

describe('a services.reverse key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  for (const c of wrongTypeCases(ReverseConfigSchema, { default: { sources: ['a'] } }, [
    { key: 'default', kind: 'mapping', onNull: 'error' },
    { key: 'default.sources', kind: 'names', onNull: 'absent' },
    { key: 'default.timeout', kind: 'number', onNull: 'error' },
    { key: 'default.country_code', kind: 'text', onNull: 'absent' },
    { key: 'default.national_prefix', kind: 'text', onNull: 'absent' },
    { key: 'default.international_prefix', kind: 'text', onNull: 'absent' },
  ]))
    it(c.name, () => c.check());
});

it('a prefix written without quotes is not taken as text: YAML read 00 as the octal number 0', () => {
  const { value, problems } = checkBlock(ReverseConfigSchema, { p: { international_prefix: 0, country_code: 33 } });
  expect(problems.map((p) => p.path)).toEqual(['/p/country_code', '/p/international_prefix']);
  expect(problems[1].hint).toMatch(/write the text in quotes, such as "0"/);
  expect(value).toMatchObject({ p: { international_prefix: 0 } });
});
