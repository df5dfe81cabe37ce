import { COMMON_SOURCE_ROWS, wrongTypeCases } from '@dird/core/testkit';
import { describe, it } from 'vitest';
import { CsvConfigSchema } from './config.js';

describe('a csv source key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  const base = { name: 's', type: 'csv', file: 'a.csv', format_columns: { name: '{a}' } };
  for (const c of wrongTypeCases(CsvConfigSchema, base, [
    ...COMMON_SOURCE_ROWS,
    { key: 'file', kind: 'text', onNull: 'error' },
    { key: 'separator', kind: 'text', onNull: 'error' },
    { key: 'reload_interval', kind: 'number', onNull: 'error' },
  ]))
    it(c.name, () => c.check());
});
