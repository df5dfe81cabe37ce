import { checkBlock } from '@dird/core';
import { COMMON_SOURCE_ROWS, wrongTypeCases, type KeyRow } from '@dird/core/testkit';
import { describe, expect, it } from 'vitest';
import { LdapConfigSchema } from './config.js';

const base = { name: 's', type: 'ldap', ldap_uri: 'ldap://h', ldap_base_dn: 'dc=x', format_columns: { name: '{a}' } };

describe('an ldap source key of the wrong type: taken as plainly meant, or a problem naming the key (never a default)', () => {
  const rows: KeyRow[] = [
    ...COMMON_SOURCE_ROWS,
    { key: 'ldap_uri', kind: 'text', onNull: 'error' },
    { key: 'ldap_base_dn', kind: 'text', onNull: 'error' },
    // Empty means anonymous, as absent does.
    { key: 'ldap_username', kind: 'text', onNull: 'absent' },
    { key: 'ldap_password', kind: 'text', onNull: 'absent' },
    { key: 'ldap_custom_filter', kind: 'text', onNull: 'absent' },
    { key: 'ldap_network_timeout', kind: 'number', onNull: 'error' },
    { key: 'ldap_timeout', kind: 'number', onNull: 'error' },
    { key: 'unique_column_format', kind: 'text', onNull: 'error' },
    { key: 'ldap_size_limit', kind: 'integer', onNull: 'error' },
    { key: 'ldap_page_size', kind: 'integer', onNull: 'error' },
    { key: 'ldap_max_concurrent_searches', kind: 'integer', onNull: 'error' },
    { key: 'ldap_tls_ca_file', kind: 'text', onNull: 'absent' },
    { key: 'ldap_tls_verify', kind: 'boolean', onNull: 'error' },
  ];
  for (const c of wrongTypeCases(LdapConfigSchema, base, rows)) it(c.name, () => c.check());
});

describe('what the message says', () => {
  const hintOf = (block: Record<string, unknown>) =>
    checkBlock(LdapConfigSchema, { ...base, ...block }).problems[0]?.hint;

  it('a password of digits or yes/no: write it in quotes (YAML read a number or a boolean)', () => {
    expect(hintOf({ ldap_password: 1234 })).toBe(
      'got the number 1234; expected text (unquoted, YAML reads it as a number, and 00 or 0123 as octal: ' +
        'write the text in quotes, such as "1234")',
    );
    expect(hintOf({ ldap_password: false })).toMatch(
      /^got the boolean false; expected text \(unquoted, YAML reads yes\/no\/on\/off\/true\/false as a boolean/,
    );
  });

  it('a choice: the choices, without advice about quotes', () => {
    expect(hintOf({ unique_column_format: 1 })).toBe('got the number 1; expected one of "string", "binary_uuid"');
  });
});
