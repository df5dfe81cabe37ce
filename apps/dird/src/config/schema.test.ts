import { checkBlock } from '@dird/core';
import { wrongTypeCases, type KeyRow } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { MainConfigSchema } from './schema.js';

const base = { extra_config_files: '/etc/dird/conf.d', source_config_dir: '/etc/dird/sources.d' };

describe('a daemon key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  const rows: KeyRow[] = [
    { key: 'extra_config_files', kind: 'text', onNull: 'error' },
    { key: 'source_config_dir', kind: 'text', onNull: 'error' },
    { key: 'plugin_paths', kind: 'texts', onNull: 'absent' },
    { key: 'log_level', kind: 'text', onNull: 'error' },
    { key: 'debug', kind: 'boolean', onNull: 'error' },
    { key: 'log_filename', kind: 'text', onNull: 'kept' },
    { key: 'enabled_plugins', kind: 'mapping', onNull: 'absent' },
    ...['backends', 'services', 'views'].map((k): KeyRow => ({
      key: `enabled_plugins.${k}`,
      kind: 'names',
      onNull: 'kept',
    })),
    { key: 'sources', kind: 'mapping', onNull: 'absent' },
    { key: 'services', kind: 'mapping', onNull: 'absent' },
    { key: 'views', kind: 'mapping', onNull: 'absent' },
    { key: 'rest_api', kind: 'mapping', onNull: 'absent' },
    { key: 'rest_api.listen', kind: 'text', onNull: 'error' },
    { key: 'rest_api.port', kind: 'integer', onNull: 'error' },
    ...['certificate', 'private_key', 'ciphers'].map((k): KeyRow => ({
      key: `rest_api.${k}`,
      kind: 'text',
      onNull: 'kept',
    })),
    { key: 'rest_api.https', kind: 'mapping', onNull: 'kept' },
    ...['listen', 'certificate', 'private_key', 'ciphers'].map((k): KeyRow => ({
      key: `rest_api.https.${k}`,
      kind: 'text',
      onNull: 'kept',
    })),
    { key: 'rest_api.https.port', kind: 'integer', onNull: 'kept' },
    { key: 'rest_api.cors', kind: 'mapping', onNull: 'absent' },
    { key: 'rest_api.cors.enabled', kind: 'boolean', onNull: 'error' },
    { key: 'rest_api.cors.allow_headers', kind: 'text-or-texts', onNull: 'error' },
    { key: 'metrics', kind: 'mapping', onNull: 'absent' },
    { key: 'metrics.public', kind: 'boolean', onNull: 'error' },
    { key: 'load_timeout', kind: 'number', onNull: 'error' },
    { key: 'shutdown_timeout', kind: 'number', onNull: 'error' },
  ];
  for (const c of wrongTypeCases(MainConfigSchema, base, rows)) it(c.name, () => c.check());
});

it('enabled plugins as a mapping: each one true or false, the bad entry named', () => {
  const { problems } = checkBlock(MainConfigSchema, { ...base, enabled_plugins: { backends: { csv: true, ldap: 1 } } });
  expect(problems[0]).toMatchObject({
    path: '/enabled_plugins/backends/ldap',
    hint: 'got the number 1; expected true or false',
  });
});

it('a quoted boolean: remove the quotes', () => {
  expect(checkBlock(MainConfigSchema, { ...base, debug: 'yes' }).problems[0].hint).toBe(
    'got the text "yes"; expected true or false (remove the quotes)',
  );
});
