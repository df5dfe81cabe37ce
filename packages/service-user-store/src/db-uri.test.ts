import { ConfigError } from '@dird/core';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DB_FILE, describeTarget, storeTarget } from './db-uri.js';

const at = (uri: unknown) => storeTarget(uri, '/etc/dird');
const problem = (uri: unknown) => {
  try {
    at(uri);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as ConfigError).key).toBe('db_uri');
    return (err as Error).message;
  }
  throw new Error(`${String(uri)} was accepted`);
};

describe('db_uri', () => {
  it('defaults to the SQLite file in /var/lib/dird', () => {
    expect(at(undefined)).toEqual({ kind: 'sqlite', file: DEFAULT_DB_FILE });
    expect(at(null)).toEqual({ kind: 'sqlite', file: '/var/lib/dird/dird.sqlite' });
  });

  it('reads SQLAlchemy SQLite URIs: four slashes for an absolute path, three for one relative to the config', () => {
    expect(at('sqlite:////var/lib/x/dird.sqlite')).toEqual({ kind: 'sqlite', file: '/var/lib/x/dird.sqlite' });
    expect(at('sqlite:///dird.sqlite')).toEqual({ kind: 'sqlite', file: '/etc/dird/dird.sqlite' });
    expect(at('sqlite:///../data/d.db')).toEqual({ kind: 'sqlite', file: '/etc/data/d.db' });
  });

  it('refuses an in-memory store, a host, options, and a file inside node_modules', () => {
    expect(problem('sqlite://')).toMatch(/in-memory SQLite store would lose every favorite/);
    expect(problem('sqlite:///:memory:')).toMatch(/in-memory/);
    expect(problem('sqlite://host/x.db')).toMatch(/no host \("host"\): use three slashes/);
    expect(problem('sqlite:///x.db?mode=ro')).toMatch(/options after "\?" are not read/);
    expect(problem('sqlite:////usr/lib/node_modules/@dird/dird/config/dird.sqlite')).toMatch(
      /inside a node_modules folder, which npm replaces .* sqlite:\/\/\/\/var\/lib\/dird\/dird\.sqlite/,
    );
    expect(storeTarget.bind(null, 'sqlite:///dird.sqlite', '/usr/lib/node_modules/@dird/dird/config')).toThrow(
      /node_modules/,
    );
  });

  it('reads MySQL and MariaDB URIs, percent-decoding the user, password and database', () => {
    expect(at('mysql://dird:p%40ss%3A%2F@db.example:3307/dird%5Fdata')).toEqual({
      kind: 'mysql',
      host: 'db.example',
      port: 3307,
      user: 'dird',
      password: 'p@ss:/',
      database: 'dird_data',
    });
    expect(at('mariadb://u:p@[::1]/d')).toMatchObject({ host: '::1', port: 3306 });
    expect(at('mysql+pymysql://u:p@h/d?charset=utf8mb4')).toMatchObject({ kind: 'mysql', database: 'd' });
    expect(at('mysql://u:p@h/d?ssl_ca=ca.pem&ssl_verify_cert=false')).toMatchObject({
      tls: { caFile: '/etc/dird/ca.pem', verify: false },
    });
  });

  it('names what is wrong in a MySQL URI', () => {
    expect(problem('mysql://u:p@h')).toMatch(/the path must be the database name/);
    expect(problem('mysql://u:p@h/d?pool=3')).toMatch(/unknown option pool: only charset, ssl_ca/);
    expect(problem('mysql://u:p@h/d?charset=latin1')).toMatch(/utf8mb4/);
    expect(problem('mysql://u:%zz@h/d')).toMatch(/password has a malformed %-escape/);
  });

  it("names wazo-dird's PostgreSQL and anything else it cannot use", () => {
    expect(problem('postgresql://asterisk:pw@localhost/asterisk?application_name=wazo-dird')).toMatch(
      /PostgreSQL \(wazo-dird's store\) is not supported/,
    );
    expect(problem('redis://h/0')).toMatch(/scheme "redis" is not supported/);
    expect(problem(42)).toMatch(/must be a URI/);
    expect(problem('just words')).toMatch(/not a URI .*expected sqlite:\/\/\/\/absolute/);
  });

  it('describes a target without its password', () => {
    expect(describeTarget(at('mysql://dird:secret@h:3306/d'))).toBe('dird@h:3306/d');
    expect(describeTarget(at('sqlite:////x/y.db'))).toBe('/x/y.db');
  });
});
