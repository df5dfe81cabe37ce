import { describe, expect, it } from 'vitest';
import { isSecretKey, redactConfig, redactText, REDACTED } from './redact.js';

/** Reads `path` (dot-separated) in `value`. */
function at(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((v, key) => (v as Record<string, unknown>)?.[key], value);
}

// Every secret of every config block dird and its plugins read, where it sits, and its secret value.
const SECRETS: [where: string, path: string, config: Record<string, unknown>][] = [
  ['ldap backend', 'sources.corp.ldap_password', { sources: { corp: { type: 'ldap', ldap_password: 'S1' } } }],
  ['mysql backend', 'sources.crm.password', { sources: { crm: { type: 'mysql', password: 'S1' } } }],
  ['mysql backend TLS key', 'sources.crm.ssl_key', { sources: { crm: { type: 'mysql', ssl_key: '/k/S1.pem' } } }],
  ['wazo-auth service key', 'auth.key_file', { auth: { type: 'wazo', key_file: '/var/lib/S1' } }],
  ['wazo-dird auth credentials', 'auth.password', { auth: { type: 'wazo', username: 'dird', password: 'S1' } }],
  ['static token', 'auth.tokens.0.token', { auth: { type: 'static', tokens: [{ token: 'S1', user_uuid: 'u' }] } }],
  [
    'static token hash',
    'auth.tokens.0.token_sha256',
    { auth: { type: 'static', tokens: [{ token_sha256: 'ab'.repeat(32) + 'S1', user_uuid: 'u' }] } },
  ],
  ['static tokens file', 'auth.tokens_file', { auth: { type: 'static', tokens_file: '/etc/S1.yml' } }],
  ['HTTPS private key', 'rest_api.private_key', { rest_api: { private_key: '/etc/S1.key' } }],
  ['HTTPS private key (wazo layout)', 'rest_api.https.private_key', { rest_api: { https: { private_key: 'S1' } } }],
  ['a plugin secret', 'services.sync.client_secret', { services: { sync: { client_secret: 'S1' } } }],
  ['camelCase', 'sources.x.apiKey', { sources: { x: { apiKey: 'S1' } } }],
  ['camelCase token', 'sources.x.accessToken', { sources: { x: { accessToken: 'S1' } } }],
  ['bind password', 'sources.x.bind_password', { sources: { x: { bind_password: 'S1' } } }],
  ['bindpw', 'sources.x.bindpw', { sources: { x: { bindpw: 'S1' } } }],
  ['passwd', 'sources.x.passwd', { sources: { x: { passwd: 'S1' } } }],
  ['a numeric password', 'sources.x.password', { sources: { x: { password: 1234 } } }],
];

describe('GET /0.1/config redaction: every secret key', () => {
  for (const [where, path, config] of SECRETS) {
    it(`${where}: ${path}`, () => {
      const redacted = redactConfig(config);
      expect(at(redacted, path)).toBe(REDACTED);
      expect(JSON.stringify(redacted)).not.toContain('S1');
      expect(JSON.stringify(redacted)).not.toContain('1234');
    });
  }

  it('hides every item of a list of secrets, and walks a list of mappings (a token keeps its user and ACLs)', () => {
    const redacted = redactConfig({
      tokens: ['S1', 'S2'],
      auth: { tokens: [{ token: 'S3', user_uuid: 'u-1', acls: ['dird.#'] }] },
    });
    expect(redacted).toEqual({
      tokens: [REDACTED, REDACTED],
      auth: { tokens: [{ token: REDACTED, user_uuid: 'u-1', acls: ['dird.#'] }] },
    });
  });

  it('keeps what is not secret, as it is', () => {
    const config = {
      log_level: 'info',
      rest_api: { listen: '0.0.0.0', port: 9489, certificate: '/etc/dird.crt' },
      auth: { type: 'wazo', host: 'auth', port: 9497, https: true, enabled: true, username: 'dird' },
      sources: {
        corp: {
          type: 'ldap',
          ldap_uri: 'ldap://ldap.example.com',
          ldap_username: 'cn=admin,dc=example',
          ldap_base_dn: 'dc=example',
          searched_columns: ['cn', 'keywords'],
          unique_column: 'entryUUID',
        },
      },
      services: { lookup: { default: { sources: ['corp'], timeout: 1 } } },
      db_uri: 'sqlite:////var/lib/dird/store.sqlite',
      enabled: false,
      nothing: null,
    };
    expect(redactConfig(config)).toEqual(config);
  });

  it('never changes the config it is given', () => {
    const config = { sources: { x: { password: 'S1' } } };
    redactConfig(config);
    expect(config.sources.x.password).toBe('S1');
  });

  it('keeps a `__proto__` key a plain key', () => {
    const config = JSON.parse('{"__proto__": {"password": "S1"}}');
    const redacted = redactConfig(config) as Record<string, unknown>;
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect(JSON.stringify(redacted)).toBe(`{"__proto__":{"password":"${REDACTED}"}}`);
  });
});

describe('the password of a URL (db_uri, mysql_uri, an LDAP or web service URL), wherever it is', () => {
  const hidden = `dird:${REDACTED}@`;
  const forms: [string, string][] = [
    ['mysql://dird:S1@db.example.com:3306/dird', `mysql://${hidden}db.example.com:3306/dird`],
    ['mariadb://dird:S1@db/dird', `mariadb://${hidden}db/dird`],
    ['mysql+pymysql://dird:S1@db/dird?charset=utf8', `mysql+pymysql://${hidden}db/dird?charset=utf8`],
    ['postgresql://dird:S1@localhost/asterisk', `postgresql://${hidden}localhost/asterisk`],
    ['mysql://dird:S1%40x%2Fy@db/dird', `mysql://${hidden}db/dird`],
    ['mysql://dird:S1@x@db/dird', `mysql://${hidden}db/dird`],
    ['mysql://:S1@db/dird', `mysql://:${REDACTED}@db/dird`],
    ['ldaps://cn=admin:S1@ldap.example.com', `ldaps://cn=admin:${REDACTED}@ldap.example.com`],
    ['https://me:S1@ws.example.com/lookup?term={term}', `https://me:${REDACTED}@ws.example.com/lookup?term={term}`],
  ];
  for (const [uri, expected] of forms) {
    it(uri.replace('S1', '…'), () => {
      for (const key of ['db_uri', 'mysql_uri', 'ldap_uri', 'lookup_url']) {
        expect(at(redactConfig({ sources: { x: { [key]: uri } } }), `sources.x.${key}`)).toBe(expected);
      }
      expect(redactConfig({ db_uri: uri })).toEqual({ db_uri: expected });
    });
  }

  it('a password holding a slash is hidden whole (with the host, rather than half of it shown)', () => {
    const out = redactText('mysql://dird:S1/x@db/dird');
    expect(out).not.toContain('S1');
    expect(out).not.toContain('/x@');
  });

  it('keeps URLs without a password as they are', () => {
    for (const uri of ['mysql://root@db/dird', 'sqlite:////var/lib/dird.sqlite', 'http://ws:8000/x?term={term}']) {
      expect(redactConfig({ db_uri: uri })).toEqual({ db_uri: uri });
    }
  });

  it('hides secret query parameters and connection-string settings', () => {
    expect(redactText('https://ws/x?term=a&token=S1&api_key=S2')).toBe(
      `https://ws/x?term=a&token=${REDACTED}&api_key=${REDACTED}`,
    );
    expect(redactText('host=db user=dird password=S1')).toBe(`host=db user=dird password=${REDACTED}`);
  });
});

describe('isSecretKey', () => {
  it.each(['password', 'ldap_password', 'token_sha256', 'key_file', 'private_key', 'apiKey', 'secret', 'credentials'])(
    '%s is secret',
    (key) => expect(isSecretKey(key)).toBe(true),
  );
  it.each(['ldap_username', 'user_uuid', 'host', 'keywords', 'monkey', 'passthrough_columns', 'type', 'unique_column'])(
    '%s is not',
    (key) => expect(isSecretKey(key)).toBe(false),
  );
});
