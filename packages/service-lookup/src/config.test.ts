import { checkBlock, validateBlock } from '@dird/core';
import { wrongTypeCases } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { LookupConfigSchema } from './config.js';

describe('a services.lookup key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  for (const c of wrongTypeCases(LookupConfigSchema, { default: { sources: ['a'] } }, [
    // `lookup: {default: [my_csv]}`, a list where the profile's settings are expected, is one of these.
    { key: 'default', kind: 'mapping', onNull: 'error' },
    { key: 'default.sources', kind: 'names', onNull: 'absent' },
    { key: 'default.timeout', kind: 'number', onNull: 'error' },
    { key: 'default.max_results', kind: 'integer', onNull: 'error' },
  ]))
    it(c.name, () => c.check());
});

describe('what the message says', () => {
  const problemOf = (block: unknown) => checkBlock(LookupConfigSchema, block).problems[0];

  it('a profile written as a list: a profile is a mapping of its settings', () => {
    expect(problemOf({ default: ['my_csv'] })).toEqual({
      path: '/default',
      message: 'Expected object',
      hint: 'got a list (["my_csv"]); expected a profile: a mapping of its settings, such as {sources: [my_csv], timeout: 1}',
    });
  });

  it("the mapping form of a profile's sources: the names set to true, in order; each one true or false", () => {
    const { value, problems } = checkBlock(LookupConfigSchema, { p: { sources: { b: true, c: false, a: true } } });
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ p: { sources: ['b', 'a'] } });
    expect(problemOf({ p: { sources: { a: true, b: 'yes' } } })).toMatchObject({
      path: '/p/sources',
      hint:
        'got a mapping ({"a":true,"b":"yes"}); expected a list of names, or a mapping of name to true/false ' +
        '("b" is the text "yes": in the mapping form each name is true or false)',
    });
  });

  it('a quoted number: remove the quotes; an empty key with a default: give it a value or remove it', () => {
    expect(problemOf({ p: { timeout: '0.5' } })?.hint).toBe(
      'got the text "0.5"; expected a number (remove the quotes)',
    );
    expect(problemOf({ p: { timeout: null } })?.hint).toBe(
      'the key has no value (YAML `key:` with nothing after it): give it a number, or remove the key for the default (1)',
    );
  });

  it('validateBlock puts the hint in the message, with the file and the dotted key', () => {
    const place = { keyPath: ['services', 'lookup'], fileOf: () => '/etc/dird/conf.d/50-profiles.yml' };
    expect(validateBlock(LookupConfigSchema, { default: ['my_csv'] }, place).errors).toEqual([
      {
        file: '/etc/dird/conf.d/50-profiles.yml',
        key: 'services.lookup.default',
        message: expect.stringMatching(/^Expected object \(got a list \(\["my_csv"\]\); expected a profile: a mapping/),
      },
    ]);
  });

  it("a key a profile does not know (a typo) is reported with the profile's path", () => {
    expect(checkBlock(LookupConfigSchema, { default: { sorces: ['a'], timeout: 1 } }).unknownKeys).toEqual([
      '/default/sorces',
    ]);
  });
});
