import path from 'node:path';
import { ConfigError } from '@dird/core';
import type { MysqlTarget, SqliteTarget, StoreTarget } from './driver.js';

/** The SQLite file used when the config sets no `db_uri`. */
export const DEFAULT_DB_FILE = '/var/lib/dird/dird.sqlite';

/** The driver package of each store kind. */
export const DRIVER_PACKAGES = { sqlite: '@dird/store-sqlite', mysql: '@dird/store-mysql' } as const;

const FORMS =
  'sqlite:////absolute/path.sqlite, sqlite:///path/relative/to/config.sqlite or mysql://user:password@host:port/database';

const bad = (why: string): never => {
  throw new ConfigError(`${why} (expected ${FORMS})`, { key: 'db_uri' });
};

/**
 * Where the store is, from the top-level `db_uri` in the form wazo-dird reads (SQLAlchemy's): `sqlite:////abs`
 * (four slashes: an absolute path), `sqlite:///rel` (relative to `baseDir`, the main config file's folder), or
 * `mysql://user:password@host:port/database` (user, password and database percent-encoded; `mariadb://` and
 * `mysql+pymysql://` too). Absent: the SQLite file {@link DEFAULT_DB_FILE}. A mistake throws a config error
 * naming `db_uri`.
 */
export function storeTarget(dbUri: unknown, baseDir: string): StoreTarget {
  if (dbUri === undefined || dbUri === null) return { kind: 'sqlite', file: DEFAULT_DB_FILE };
  if (typeof dbUri !== 'string' || dbUri.trim() === '') return bad('must be a URI (a string)');
  const uri = dbUri.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(uri)?.[1].toLowerCase();
  const dialect = scheme?.split('+')[0];
  if (dialect === 'sqlite') return sqliteTarget(uri, baseDir);
  if (dialect === 'mysql' || dialect === 'mariadb') return mysqlTarget(uri, baseDir);
  if (dialect === 'postgresql' || dialect === 'postgres') {
    return bad("PostgreSQL (wazo-dird's store) is not supported: dird keeps user data in SQLite or MySQL/MariaDB");
  }
  return bad(scheme ? `scheme "${scheme}" is not supported` : 'not a URI');
}

function sqliteTarget(uri: string, baseDir: string): SqliteTarget {
  const rest = uri.slice(uri.indexOf(':') + 1);
  if (!rest.startsWith('//')) bad('a SQLite URI starts with sqlite://');
  const after = rest.slice(2);
  if (after === '' || after === '/' || after === '/:memory:') {
    bad('an in-memory SQLite store would lose every favorite and contact at each stop: give a file');
  }
  if (!after.startsWith('/'))
    bad(`a SQLite URI has no host ("${after.split('/')[0]}"): use three slashes before a path`);
  if (/[?#]/.test(after)) bad('options after "?" are not read in a SQLite URI');
  const given = after.slice(1);
  const file = given.startsWith('/') ? path.normalize(given) : path.resolve(baseDir, given);
  if (file.split(path.sep).includes('node_modules')) {
    throw new ConfigError(
      `${file} is inside a node_modules folder, which npm replaces at the next install or upgrade (and the data ` +
        `with it): give a path outside it, e.g. sqlite:///${DEFAULT_DB_FILE}`,
      { key: 'db_uri' },
    );
  }
  return { kind: 'sqlite', file };
}

const MYSQL_OPTIONS = new Set(['charset', 'ssl_ca', 'ssl_cert', 'ssl_key', 'ssl_verify_cert']);

function mysqlTarget(uri: string, baseDir: string): MysqlTarget {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return bad('not a URI');
  }
  if (!url.hostname) bad('no host');
  if (url.hash) bad('a "#" part is not read');
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return bad(`the ${what} has a malformed %-escape`);
    }
  };
  const database = decode(url.pathname.replace(/^\//, ''), 'database');
  if (!database || database.includes('/')) bad('the path must be the database name');
  const unknown = [...url.searchParams.keys()].filter((k) => !MYSQL_OPTIONS.has(k));
  if (unknown.length > 0) bad(`unknown option ${unknown.join(', ')}: only ${[...MYSQL_OPTIONS].join(', ')} are read`);
  const charset = url.searchParams.get('charset');
  if (charset !== null && !/^utf8(mb4)?$/i.test(charset)) bad('charset: dird always talks utf8mb4');
  const file = (key: string) => {
    const value = url.searchParams.get(key);
    return value === null || value === '' ? undefined : path.resolve(baseDir, value);
  };
  const verify = url.searchParams.get('ssl_verify_cert');
  if (verify !== null && !/^(true|false|1|0)$/i.test(verify)) bad('ssl_verify_cert must be true or false');
  const tls = {
    caFile: file('ssl_ca'),
    certFile: file('ssl_cert'),
    keyFile: file('ssl_key'),
    verify: verify === null || /^(true|1)$/i.test(verify),
  };
  const port = url.port ? Number(url.port) : 3306;
  return {
    kind: 'mysql',
    // URL keeps the brackets of an IPv6 literal; the socket API wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port,
    user: decode(url.username, 'user'),
    password: decode(url.password, 'password'),
    database,
    ...(tls.caFile || tls.certFile || tls.keyFile || verify !== null ? { tls } : {}),
  };
}

/** Where a target is, for logs: the file, or `user@host:port/database` (never the password). */
export function describeTarget(target: StoreTarget): string {
  if (target.kind === 'sqlite') return target.file;
  const host = target.host.includes(':') ? `[${target.host}]` : target.host;
  return `${target.user}@${host}:${target.port}/${target.database}`;
}
