import { describeError, ThrottledLog, type Logger } from '@dird/core';
import { LdapClientError, type ConnectOptions } from './client-api.js';
import { LdapConnection } from './ldap-client.js';
import { Semaphore } from './semaphore.js';

/** What a source's {@link LdapSession} connects to and binds as. */
export interface SessionOptions {
  readonly connect: ConnectOptions;
  readonly bindDn: string;
  readonly password: string;
  /** Operations in flight at once on the connection; the next ones wait (20 times as many at most). */
  readonly maxConcurrent: number;
  readonly logger: Logger;
}

/**
 * The connection of one source: opened and bound on first need, shared by concurrent calls, dropped when it
 * fails and reopened by the next call (so a restarted server is picked up without a restart of dird). One
 * connect attempt at a time, and it costs at most the network timeout.
 */
export class LdapSession {
  private current: LdapConnection | null = null;
  private connecting: Promise<LdapConnection> | null = null;
  private closed = false;
  private failing = false;
  // Stops the connect attempt in progress when the source is unloaded.
  private readonly unloading = new AbortController();
  private readonly problems: ThrottledLog;
  // Servers close a connection that has too many requests pending (OpenLDAP: 100 when anonymous).
  private readonly slots: Semaphore;
  // OpenLDAP keeps one paged-results state per connection: a second paged search would break the first.
  private readonly pagedSlot: Semaphore;

  constructor(private readonly options: SessionOptions) {
    this.problems = new ThrottledLog(options.logger);
    this.slots = new Semaphore(options.maxConcurrent, options.maxConcurrent * 20);
    this.pagedSlot = new Semaphore(1, options.maxConcurrent * 20);
  }

  /**
   * Connects and binds now (at load) so that a wrong setting shows in the log at once; never throws. Waits
   * for the attempt at most `maxWaitMs`: a long `ldap_network_timeout` against a server that does not
   * answer must not hold up the daemon's start (the attempt goes on, and the first calls share it).
   */
  async warmUp(maxWaitMs = WARM_UP_WAIT_MS): Promise<void> {
    const stop = new AbortController();
    const timer = setTimeout(() => stop.abort(), maxWaitMs);
    try {
      await this.acquire(stop.signal).catch(() => undefined);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs `operation` on the connection. When a connection that was already open turns out to be gone (the
   * server restarted), the operation runs once more on a new one.
   */
  async run<T>(signal: AbortSignal, operation: (connection: LdapConnection) => Promise<T>): Promise<T> {
    const release = await this.slots.acquire(signal, () => this.busy());
    try {
      const { connection, fresh } = await this.acquire(signal);
      try {
        return await operation(connection);
      } catch (err) {
        const gone = err instanceof LdapClientError && err.kind === 'connection';
        if (fresh || !gone || signal.aborted || this.closed) throw err;
        return await operation((await this.acquire(signal)).connection);
      }
    } finally {
      release();
    }
  }

  /** Like {@link run}, for a paged search: one at a time on the connection. */
  async runPaged<T>(signal: AbortSignal, operation: (connection: LdapConnection) => Promise<T>): Promise<T> {
    const release = await this.pagedSlot.acquire(signal, () => this.busy());
    try {
      return await this.run(signal, operation);
    } finally {
      release();
    }
  }

  /** Closes the connection; later calls fail. */
  close(): void {
    this.closed = true;
    this.unloading.abort();
    this.current?.close('source unloaded');
    void this.connecting?.then((c) => c.close('source unloaded')).catch(() => undefined);
  }

  private busy(): LdapClientError {
    return new LdapClientError('busy', `too many calls already wait for ${this.options.connect.uri}`);
  }

  private async acquire(signal: AbortSignal): Promise<{ connection: LdapConnection; fresh: boolean }> {
    if (this.closed) throw new LdapClientError('aborted', 'the source is unloaded');
    if (this.current?.isOpen) return { connection: this.current, fresh: false };
    if (!this.connecting) {
      this.connecting = this.connect().finally(() => (this.connecting = null));
      this.connecting.catch(() => undefined);
    }
    return { connection: await untilAborted(this.connecting, signal), fresh: true };
  }

  /** Connects, then binds in what is left of the network timeout. */
  private async connect(): Promise<LdapConnection> {
    const { connect, bindDn, password, logger } = this.options;
    const started = Date.now();
    try {
      const { signal } = this.unloading;
      const connection = await LdapConnection.open(connect, signal);
      await connection.bind(bindDn, password, Math.max(1, connect.timeoutMs - (Date.now() - started)), signal);
      if (this.closed) {
        connection.close('source unloaded');
        throw new LdapClientError('aborted', 'the source is unloaded');
      }
      connection.onClose((reason) => {
        if (this.current === connection) this.current = null;
        if (this.closed) return;
        logger.info(
          { uri: connect.uri, reason },
          `connection to ${connect.uri} closed (${reason}); the next call reconnects`,
        );
      });
      this.current = connection;
      const as = bindDn ? `bound as ${bindDn}` : 'anonymous';
      logger.info(
        { uri: connect.uri, bind_dn: bindDn, ms: Date.now() - started },
        `connected to ${connect.uri} (${as})${this.failing ? ' again' : ''}`,
      );
      this.failing = false;
      return connection;
    } catch (err) {
      if (this.closed) throw new LdapClientError('aborted', 'the source is unloaded', undefined, { cause: err });
      this.failing = true;
      let e = err instanceof LdapClientError ? err : new LdapClientError('connection', describeError(err));
      if (e.kind === 'timeout') {
        const message = `${e.message} (ldap_network_timeout: ${connect.timeoutMs} ms)`;
        e = new LdapClientError('timeout', message, e.resultCode, { cause: e });
      }
      this.problems.warn(
        `connect:${e.kind}:${e.resultCode ?? ''}`,
        { uri: connect.uri, bind_dn: bindDn, reason: e.message, result_code: e.resultCode },
        `cannot use LDAP server ${connect.uri}: ${e.message}; retrying on the next call`,
      );
      throw e;
    }
  }
}

/** The longest a source's load waits for its first connection. */
const WARM_UP_WAIT_MS = 2000;

/** `promise`, or a rejection as soon as `signal` aborts (the shared attempt itself goes on). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new LdapClientError('aborted', 'stopped by the caller'));
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(new LdapClientError('aborted', 'stopped by the caller'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err);
      },
    );
  });
}
