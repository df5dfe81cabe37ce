/** The fields of a mysql2 or socket error read here. */
interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
}

/** Errors saying the server is unreachable, going away, refusing this user or missing the database or tables. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'POOL_CLOSED',
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_HOST_IS_BLOCKED',
  'ER_CONNECTION_KILLED',
  'ER_ACCESS_DENIED_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_TABLEACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  // The tables went away (a database restored empty): the next attempt migrates again.
  'ER_NO_SUCH_TABLE',
  'ER_OPTION_PREVENTS_STATEMENT',
  'ER_READ_ONLY_MODE',
  // Galera: a node that left the cluster's primary component refuses statements.
  'ER_UNKNOWN_COM_ERROR',
  'HANDSHAKE_SSL_ERROR',
  'HANDSHAKE_NO_SSL_SUPPORT',
  'DIRD_ERR_TIMEOUT',
  'DIRD_ERR_SCHEMA_TOO_NEW',
]);

/** True when `err` means the store cannot be used now, as opposed to a mistake in one statement. */
export function isUnavailable(err: unknown): boolean {
  const e = (err !== null && typeof err === 'object' ? err : {}) as DriverError;
  if (e.code && UNAVAILABLE_CODES.has(e.code)) return true;
  // mysql2's own errors about a connection that closed carry no code but are fatal.
  return e.fatal === true;
}

/** True when the connection a statement ran on broke: worth one more try on a fresh connection. */
export function isConnectionLost(err: unknown): boolean {
  const e = (err !== null && typeof err === 'object' ? err : {}) as DriverError;
  return (
    e.code === 'PROTOCOL_CONNECTION_LOST' ||
    e.code === 'ECONNRESET' ||
    e.code === 'EPIPE' ||
    e.code === 'ER_CONNECTION_KILLED' ||
    (e.fatal === true && e.code === undefined)
  );
}
