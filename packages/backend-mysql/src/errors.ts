import { ErrorCodes } from '@dird/core';

/** The fields of a mysql2 or socket error that this backend reads. */
interface DriverError {
  code?: string;
  errno?: number;
  fatal?: boolean;
}

/** Errors that say the server cannot be reached or is going away: they pass, so the source waits them out. */
const UNREACHABLE_CODES = new Set([
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
  'ER_SERVER_SHUTDOWN',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  'ER_HOST_IS_BLOCKED',
  'ER_CONNECTION_KILLED',
]);

/** ER_QUERY_TIMEOUT (MySQL) and ER_STATEMENT_TIMEOUT (MariaDB): the server stopped a query at its time limit. */
const STATEMENT_TIMEOUT_ERRNOS = new Set([3024, 1969]);

/** Server answers saying the configured table, view or column no longer exists. */
const SCHEMA_CHANGED_CODES = new Set(['ER_BAD_FIELD_ERROR', 'ER_NO_SUCH_TABLE', 'ER_VIEW_INVALID']);

function driverError(err: unknown): DriverError {
  return err !== null && typeof err === 'object' ? (err as DriverError) : {};
}

/** True when `err` means "the server is down or unreachable", as opposed to a mistake in the config or the SQL. */
export function isUnreachable(err: unknown): boolean {
  const e = driverError(err);
  if (e.code && UNREACHABLE_CODES.has(e.code)) return true;
  // No connection or no answer in time (dird's own deadlines): a hung server or network.
  if (e.code === ErrorCodes.TIMEOUT || (err instanceof DOMException && err.name === 'TimeoutError')) return true;
  // mysql2 marks errors that broke the connection as fatal; those without a code are its own "closed
  // connection" errors. A coded fatal error (a refused certificate, bad credentials) is a config mistake.
  return e.fatal === true && e.code === undefined;
}

/** True when the connection a query ran on broke (worth one retry on a fresh connection). */
export function isConnectionLost(err: unknown): boolean {
  const e = driverError(err);
  return isUnreachable(err) && e.code !== 'ECONNREFUSED' && e.code !== 'ETIMEDOUT' && e.code !== 'ENOTFOUND';
}

/** True when the server stopped the query at `query_timeout`. */
export function isStatementTimeout(err: unknown): boolean {
  const errno = driverError(err).errno;
  return errno !== undefined && STATEMENT_TIMEOUT_ERRNOS.has(errno);
}

/** True when the table, view or a column changed under the source since it was checked. */
export function isSchemaChanged(err: unknown): boolean {
  const code = driverError(err).code;
  return code !== undefined && SCHEMA_CHANGED_CODES.has(code);
}

/**
 * ER_CANT_AGGREGATE_2COLLATIONS, _3COLLATIONS and _NCOLLATIONS: a bound value holds characters the column's
 * character set cannot (`北` for a latin1 column, an emoji for utf8mb3), so the server cannot compare them.
 */
const CHARSET_MISMATCH_ERRNOS = new Set([1267, 1270, 1271]);

/** True when the server could not compare a value with a column because the column's charset cannot hold it. */
export function isCharsetMismatch(err: unknown): boolean {
  const errno = driverError(err).errno;
  return errno !== undefined && CHARSET_MISMATCH_ERRNOS.has(errno);
}
