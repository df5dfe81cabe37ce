import { checkBlock } from '@dird/core';
import { COMMON_SOURCE_ROWS, wrongTypeCases } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { CsvWsConfigSchema, DEFAULT_MAX_ANSWER_BYTES } from './config.js';

const base = { name: 's', type: 'csv_ws', lookup_url: 'https://example.com/lookup', format_columns: { name: '{a}' } };

describe('a csv_ws source key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  for (const c of wrongTypeCases(CsvWsConfigSchema, base, [
    ...COMMON_SOURCE_ROWS,
    { key: 'lookup_url', kind: 'text', onNull: 'error' },
    { key: 'list_url', kind: 'text', onNull: 'absent' },
    { key: 'delimiter', kind: 'text', onNull: 'error' },
    { key: 'timeout', kind: 'number', onNull: 'error' },
    { key: 'max_answer_bytes', kind: 'integer', onNull: 'error' },
  ]))
    it(c.name, () => c.check());

  // true, false or a CA file: neither kind of the table, so its cases are written out.
  it('verify_certificate: a number, a list, a mapping or nothing is a problem at the key', () => {
    for (const wrong of [7, ['a'], { a: 1 }, null]) {
      const { problems } = checkBlock(CsvWsConfigSchema, { ...base, verify_certificate: wrong });
      expect(
        problems.map((p) => p.path),
        JSON.stringify(wrong),
      ).toContain('/verify_certificate');
    }
  });
});

describe('csv_ws source block', () => {
  it("gets xivo-dird's defaults, and its bound on the answer", () => {
    const { value, problems } = checkBlock(CsvWsConfigSchema, base);
    expect(problems).toEqual([]);
    expect(value).toMatchObject({ delimiter: ',', timeout: 10, verify_certificate: true });
    expect(value).toMatchObject({ max_answer_bytes: DEFAULT_MAX_ANSWER_BYTES });
  });

  it('requires lookup_url, one delimiter character, a positive timeout and size', () => {
    const { problems } = checkBlock(CsvWsConfigSchema, {
      name: 's',
      type: 'csv_ws',
      delimiter: ';;',
      timeout: 0,
      max_answer_bytes: 0,
    });
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['/lookup_url', '/delimiter', '/timeout', '/max_answer_bytes']),
    );
  });
});
