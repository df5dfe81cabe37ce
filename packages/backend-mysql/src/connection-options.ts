import { readFile } from 'node:fs/promises';
import { ConfigError, describeError, secondsToMs } from '@dird/core';
import type { PoolOptions } from 'mysql2/promise';
import type { MysqlConfig } from './config.js';

/** Where a source connects: from `mysql_uri` or from the separate keys. */
export interface ConnectionTarget {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
}

const SEPARATE_KEYS = ['host', 'port', 'user', 'password', 'database'] as const;
const DEFAULT_PORT = 3306;

/** The connection target of a source block; a mistake throws a {@link ConfigError} naming the key. */
export function connectionTarget(config: MysqlConfig): ConnectionTarget {
  const separate = SEPARATE_KEYS.filter((k) => config[k] !== undefined);
  if (config.mysql_uri !== undefined) {
    if (separate.length > 0) {
      throw new ConfigError(
        `give the connection either as mysql_uri or as host/port/user/password/database, not both (also set: ${separate.join(', ')})`,
        { key: 'mysql_uri' },
      );
    }
    return parseMysqlUri(config.mysql_uri);
  }
  if (config.host === undefined) {
    throw new ConfigError('no connection: set mysql_uri, or host (with user, password and database)', {
      key: 'mysql_uri',
    });
  }
  if (config.database === undefined)
    throw new ConfigError('missing: the database holding the table', { key: 'database' });
  return {
    host: config.host,
    port: config.port ?? DEFAULT_PORT,
    user: config.user ?? '',
    password: config.password ?? '',
    database: config.database,
  };
}

/** Parses `mysql://user:password@host:port/database`, percent-decoding the user, password and database. */
export function parseMysqlUri(uri: string): ConnectionTarget {
  const bad = (why: string): never => {
    throw new ConfigError(`${why} (expected mysql://user:password@host:port/database)`, { key: 'mysql_uri' });
  };
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return bad('not a URI');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') bad(`scheme "${url.protocol}" is not mysql:`);
  if (url.search || url.hash) bad('options after "?" or "#" are not read; use the source keys ssl, ssl_ca, …');
  if (!url.hostname) bad('no host');
  const decode = (part: string, what: string) => {
    try {
      return decodeURIComponent(part);
    } catch {
      return bad(`the ${what} has a malformed %-escape`);
    }
  };
  const database = decode(url.pathname.replace(/^\//, ''), 'database');
  if (!database || database.includes('/')) bad('the path must be the database name');
  return {
    // URL keeps the brackets of an IPv6 literal; the socket API wants the bare address.
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : DEFAULT_PORT,
    user: decode(url.username, 'user'),
    password: decode(url.password, 'password'),
    database,
  };
}

/** Server errors about the credentials (ER_ACCESS_DENIED_ERROR, ER_ACCESS_DENIED_NO_PASSWORD_ERROR). */
const CREDENTIALS_ERRNOS = new Set([1045, 1698]);
/** Server errors about the database (ER_DBACCESS_DENIED_ERROR, ER_BAD_DB_ERROR). */
const DATABASE_ERRNOS = new Set([1044, 1049]);

/**
 * The config key to name when connecting fails for a reason other than an unreachable server: `ssl_ca` for a
 * TLS handshake that fails (a server certificate that does not verify), `ssl` for a server without TLS; otherwise `mysql_uri` when the connection is given that way, else the
 * separate key at fault (`user` for refused credentials, `database`, or `host`).
 */
export function connectionKey(config: MysqlConfig, err: unknown): string {
  const e = (err !== null && typeof err === 'object' ? err : {}) as { code?: unknown; errno?: unknown };
  const code = typeof e.code === 'string' ? e.code : '';
  // mysql2 turns every TLS failure (most often a certificate that does not verify) into HANDSHAKE_SSL_ERROR.
  if (code === 'HANDSHAKE_SSL_ERROR' || /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/.test(code)) {
    return 'ssl_ca';
  }
  if (code === 'HANDSHAKE_NO_SSL_SUPPORT') return 'ssl';
  if (config.mysql_uri !== undefined) return 'mysql_uri';
  const errno = typeof e.errno === 'number' ? e.errno : undefined;
  if (errno !== undefined && CREDENTIALS_ERRNOS.has(errno)) return 'user';
  if (errno !== undefined && DATABASE_ERRNOS.has(errno)) return 'database';
  return 'host';
}

/** `user@host:port/database`, for logs (never the password). */
export function describeTarget(t: ConnectionTarget): string {
  return `${t.user}@${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}/${t.database}`;
}

/** The mysql2 pool options of a source: its target, TLS files read now, limits and result formats. */
export async function poolOptions(config: MysqlConfig, target: ConnectionTarget): Promise<PoolOptions> {
  return {
    ...target,
    ssl: await tlsOptions(config),
    connectionLimit: config.pool_size,
    maxIdle: config.pool_size,
    // A bounded wait list: past it a call fails at once instead of queueing behind a dead server.
    queueLimit: config.pool_size * 20,
    connectTimeout: secondsToMs(config.connect_timeout),
    // Finds a connection whose server vanished without a word (a pulled cable, a dropped NAT entry).
    enableKeepAlive: true,
    keepAliveInitialDelay: 30_000,
    charset: 'UTF8MB4_UNICODE_CI',
    // Values arrive as text where JavaScript would change them: dates as stored, big and exact numbers whole.
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    jsonStrings: true,
    // Statements are prepared per connection; few shapes exist (see statements.ts), so a small cache does.
    maxPreparedStatements: 64,
    // A server must never be able to ask dird for one of its local files.
    flags: ['-LOCAL_FILES'],
  };
}

async function tlsOptions(config: MysqlConfig): Promise<PoolOptions['ssl']> {
  if (!config.ssl && !config.ssl_ca && !config.ssl_cert && !config.ssl_key) return undefined;
  return {
    ca: await readPem(config.ssl_ca, 'ssl_ca'),
    cert: await readPem(config.ssl_cert, 'ssl_cert'),
    key: await readPem(config.ssl_key, 'ssl_key'),
    rejectUnauthorized: config.ssl_verify,
  };
}

async function readPem(file: string | undefined, key: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (err) {
    throw new ConfigError(`cannot read ${file}: ${describeError(err)}`, { key }, { cause: err });
  }
}
