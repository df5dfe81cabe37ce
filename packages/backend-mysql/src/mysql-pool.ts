import { bounded, describeError, type Logger } from '@dird/core';
import mysql, {
  type FieldPacket,
  type Pool,
  type PoolConnection,
  type PoolOptions,
  type RowDataPacket,
} from 'mysql2/promise';
import { isConnectionLost } from './errors.js';
import { killQuery, type SqlValue } from './statements.js';

/** Time past `query_timeout` given to the server to report its own timeout before dird drops the connection. */
const SERVER_GRACE_MS = 500;

/** What {@link MysqlPool} needs besides the mysql2 options. */
export interface MysqlPoolSettings {
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly logger: Logger;
}

/**
 * A mysql2 pool where every call has a deadline: waiting for a connection is bounded by the connect timeout,
 * a query by `query_timeout` and by the caller's signal. A query given up on is killed on the server and its
 * connection dropped, so no connection stays busy with work nobody waits for.
 */
export class MysqlPool {
  private readonly pool: Pool;

  constructor(
    options: PoolOptions,
    private readonly settings: MysqlPoolSettings,
  ) {
    this.pool = mysql.createPool(options);
    // The promise pool passes on the callback-style connection (whatever its typings say): use the core pool.
    this.pool.pool.on('connection', (conn) => {
      // A read-only session: even a stored function called by a `query` source cannot write.
      conn.query('SET SESSION TRANSACTION READ ONLY', (err: Error | null) => {
        if (err) settings.logger.warn({ err: err.message }, `cannot make the session read-only: ${err.message}`);
      });
    });
  }

  /** Runs one prepared statement and returns its rows; retried once on a fresh connection if the old one broke. */
  async rows(sql: string, params: readonly SqlValue[], signal: AbortSignal): Promise<RowDataPacket[]> {
    try {
      return await this.execute(sql, params, signal);
    } catch (err) {
      if (signal.aborted || !isConnectionLost(err)) throw err;
      this.settings.logger.debug({ err: describeError(err) }, 'connection lost; retrying once on a new one');
      return this.execute(sql, params, signal);
    }
  }

  /** The columns `sql` would return, from preparing it: nothing is executed. */
  async columns(sql: string, signal: AbortSignal): Promise<FieldPacket[]> {
    const conn = await this.acquire(signal);
    try {
      const prepared = new Promise<FieldPacket[]>((resolve, reject) => {
        const connection = core(conn);
        connection.prepare(sql, (err, statement) => {
          if (err) return reject(err);
          // Closed on the server and forgotten by mysql2's statement cache: it is never executed.
          connection.unprepare(sql);
          resolve(statement.columns ?? []);
        });
      });
      return await bounded(prepared, {
        signal,
        ms: this.settings.queryTimeoutMs,
        what: 'checking the columns',
        onAbandon: () => drop(conn),
      });
    } finally {
      conn.release();
    }
  }

  /** Closes every connection, waiting for the server's goodbyes until `signal` aborts. */
  async close(signal: AbortSignal): Promise<void> {
    await bounded(this.pool.end(), { signal, what: 'closing the connections' }).catch(() => undefined);
  }

  /** `kill`: whether a query given up on is killed on the server (not for the KILL statement itself). */
  private async execute(
    sql: string,
    params: readonly SqlValue[],
    signal: AbortSignal,
    kill = true,
  ): Promise<RowDataPacket[]> {
    const conn = await this.acquire(signal);
    const threadId = conn.threadId;
    try {
      // A statement without values (`KILL QUERY 42`) is sent as text: prepared, each would fill the cache.
      const running =
        params.length === 0 ? conn.query<RowDataPacket[]>(sql) : conn.execute<RowDataPacket[]>(sql, [...params]);
      const [rows] = await bounded(running, {
        signal,
        ms: this.settings.queryTimeoutMs + SERVER_GRACE_MS,
        what: 'query',
        onAbandon: () => this.abandon(conn, kill ? threadId : undefined),
      });
      return rows;
    } finally {
      // A no-op for a connection already dropped (abandoned, or broken: mysql2 removes those itself).
      conn.release();
    }
  }

  /** A pooled connection, waiting at most the connect timeout (the pool's wait list is bounded too). */
  private acquire(signal: AbortSignal): Promise<PoolConnection> {
    return bounded(this.pool.getConnection(), {
      signal,
      ms: this.settings.connectTimeoutMs,
      what: 'getting a connection',
      onLate: (conn) => conn.release(),
    });
  }

  /** Drops a connection whose query nobody waits for any more, and tells the server to stop that query. */
  private abandon(conn: PoolConnection, threadId: number | undefined): void {
    drop(conn);
    const kill = threadId === undefined ? null : killQuery(threadId);
    if (!kill) return;
    const signal = AbortSignal.timeout(this.settings.connectTimeoutMs + this.settings.queryTimeoutMs);
    this.execute(kill.sql, kill.params, signal, false).catch((err: unknown) => {
      this.settings.logger.debug({ threadId, err: describeError(err) }, `could not kill query ${threadId}`);
    });
  }
}

/**
 * The callback-style connection under a promise one, as far as this file uses it: mysql2's typings give it the
 * promise type, and leave out the columns of a prepared statement and the socket.
 */
interface CoreConnection {
  prepare(sql: string, done: (err: Error | null, statement: { columns?: FieldPacket[] }) => void): void;
  unprepare(sql: string): void;
  stream?: { destroy(): void };
}

function core(conn: PoolConnection): CoreConnection {
  return conn.connection as unknown as CoreConnection;
}

/** Takes a connection out of the pool and closes its socket at once. */
function drop(conn: PoolConnection): void {
  conn.destroy();
  // destroy() only half-closes the socket; a server that stopped answering would keep it open.
  core(conn).stream?.destroy();
}
