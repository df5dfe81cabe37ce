import { bounded, describeError, type Logger } from '@dird/core';
import mysql, { type Pool, type PoolConnection, type PoolOptions } from 'mysql2/promise';
import { isConnectionLost } from './errors.js';

/** A value bound to a statement. */
export type SqlValue = string | number | null;

/** Runs statements on one connection (a transaction, or the migrations). */
export interface Session {
  /** One prepared statement; its rows, or its result header (`affectedRows`). */
  execute<T = unknown>(sql: string, params?: readonly SqlValue[], timeoutMs?: number): Promise<T>;
}

/** What {@link StorePool} needs besides the mysql2 options. */
export interface StorePoolSettings {
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
  readonly logger: Logger;
}

/**
 * A mysql2 pool where every wait has a deadline: getting a connection (the connect timeout), each statement
 * (`query_timeout`). A connection whose statement is given up on is dropped, never handed out again.
 */
export class StorePool {
  private readonly pool: Pool;

  constructor(
    options: PoolOptions,
    private readonly settings: StorePoolSettings,
  ) {
    this.pool = mysql.createPool(options);
  }

  /**
   * One statement on any connection; tried once more on a fresh connection when the first one turns out broken
   * (the server restarted since it was opened).
   */
  async execute<T = unknown>(sql: string, params: readonly SqlValue[] = []): Promise<T> {
    try {
      return await this.session((s) => s.execute<T>(sql, params));
    } catch (err) {
      if (!isConnectionLost(err)) throw err;
      this.settings.logger.debug({ err: describeError(err) }, 'connection lost; trying once more on a new one');
      return this.session((s) => s.execute<T>(sql, params));
    }
  }

  /** Runs `work` in a transaction on one connection: committed when it resolves, rolled back when it throws. */
  async transaction<T>(work: (session: Session) => Promise<T>): Promise<T> {
    return this.session(async (session) => {
      await session.execute('START TRANSACTION');
      try {
        const result = await work(session);
        await session.execute('COMMIT');
        return result;
      } catch (err) {
        await session.execute('ROLLBACK').catch(() => undefined);
        throw err;
      }
    });
  }

  /** Runs `work` on one connection, released after (or dropped when a statement on it was given up on). */
  async session<T>(work: (session: Session) => Promise<T>): Promise<T> {
    const conn = await bounded(this.pool.getConnection(), {
      ms: this.settings.connectTimeoutMs,
      what: 'getting a connection to the user store',
      onLate: (late) => late.release(),
    });
    let broken = false;
    const session: Session = {
      execute: async <R>(sql: string, params: readonly SqlValue[] = [], timeoutMs = this.settings.queryTimeoutMs) => {
        // Statements without values (transaction control, DDL) are sent as text: not all of them can be prepared.
        const running = params.length === 0 ? conn.query(sql) : conn.execute(sql, [...params]);
        try {
          const [result] = await bounded(running, {
            ms: timeoutMs,
            what: 'a user store statement',
            onAbandon: () => {
              broken = true;
              drop(conn);
            },
          });
          return result as R;
        } catch (err) {
          if (isConnectionLost(err)) broken = true;
          throw err;
        }
      },
    };
    try {
      return await work(session);
    } finally {
      if (!broken) conn.release();
    }
  }

  /** Closes every connection, waiting at most `ms` for the server's goodbyes. */
  async close(ms: number): Promise<void> {
    await bounded(this.pool.end(), { ms, what: 'closing the user store connections' }).catch(() => undefined);
  }
}

/** Takes a connection out of the pool and closes its socket at once. */
function drop(conn: PoolConnection): void {
  conn.destroy();
  // destroy() only half-closes the socket; a server that stopped answering would keep it open.
  (conn.connection as unknown as { stream?: { destroy(): void } }).stream?.destroy();
}
