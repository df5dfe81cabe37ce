// The only module that talks to ldapjs (unmaintained upstream): swapping the client library touches this file.
import type { EventEmitter } from 'node:events';
import { bounded, codeOf, ErrorCodes } from '@dird/core';
import ldap, { type Client, type Filter, type SearchEntry } from 'ldapjs';
import {
  LdapClientError,
  type ConnectOptions,
  type LdapFailure,
  type RawEntry,
  type SearchRequest,
  type SearchResult,
} from './client-api.js';
import type { LdapFilter } from './filter.js';

/**
 * One LDAP connection, shared by concurrent operations. An operation that times out or is aborted is
 * abandoned; when the server has sent nothing at all for the connect timeout while it waited, the connection
 * is considered dead and closed, so a hung server cannot pile up pending operations.
 */
export class LdapConnection {
  /** Answers received so far (any operation): unchanged over a wait means the server said nothing. */
  private received = 0;
  private closed = false;
  private readonly closeListeners: ((reason: string) => void)[] = [];

  private constructor(
    private readonly client: Client,
    private readonly unresponsiveMs: number,
  ) {
    for (const event of ['close', 'end', 'destroy']) client.on(event, () => this.markClosed(`connection ${event}`));
    client.on('error', (err: Error) => this.markClosed(err.message));
  }

  /** Connects within `options.timeoutMs` (nothing is sent yet: bind next). */
  static async open(options: ConnectOptions, signal?: AbortSignal): Promise<LdapConnection> {
    if (signal?.aborted) throw new LdapClientError('aborted', 'connect stopped by the caller');
    const client = ldap.createClient({
      url: options.uri,
      connectTimeout: options.timeoutMs,
      tlsOptions: options.tls ? { ...options.tls, ca: options.tls.ca ? [...options.tls.ca] : undefined } : undefined,
      // No hidden queue: operations are only sent on a connected client.
      queueDisable: true,
    });
    // ldapjs may still report a late socket error after a failure: never leave it unhandled.
    client.on('error', () => undefined);
    const events = ['error', 'connectError', 'connectRefused', 'connectTimeout', 'setupError'];
    let onFailure: (err: unknown) => void = () => undefined;
    let onConnect: () => void = () => undefined;
    const connected = new Promise<void>((resolve, reject) => {
      onConnect = resolve;
      onFailure = reject;
      client.once('connect', onConnect);
      for (const e of events) client.on(e, onFailure);
    });
    const what = `cannot connect to ${options.uri}`;
    try {
      // ldapjs's own connect timer covers TCP and TLS; this deadline is the safety net.
      await bounded(connected, { signal, ms: options.timeoutMs + 50, what });
      return new LdapConnection(client, options.timeoutMs);
    } catch (err) {
      client.destroy();
      if (signal?.aborted) throw new LdapClientError('aborted', 'connect stopped by the caller');
      // ldapjs reports its connect timer firing (TCP or TLS still unfinished) as a ConnectionError.
      const late =
        codeOf(err, ErrorCodes.LOAD_FAILED) === ErrorCodes.TIMEOUT || (err as Error)?.name === 'ConnectionError';
      throw late
        ? new LdapClientError('timeout', `${what}: no connection in time`)
        : toClientError(err, 'connection', what);
    } finally {
      for (const e of events) client.removeListener(e, onFailure);
      client.removeListener('connect', onConnect);
    }
  }

  /** False once the connection closed or failed: get a new one. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Called once when the connection closes, with the reason. */
  onClose(listener: (reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  /**
   * Simple bind (anonymous with an empty name and password); the connection is closed if it fails, times out
   * or `signal` aborts it.
   */
  async bind(name: string, password: string, timeoutMs: number, signal?: AbortSignal): Promise<void> {
    const bound = new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(new LdapClientError('aborted', 'bind stopped by the caller'));
      this.client.bind(name, password, (err) => {
        this.received++;
        if (err) reject(toClientError(err, 'ldap', 'bind failed'));
        else resolve();
      });
    });
    try {
      await bounded(bound, { signal, ms: timeoutMs, what: 'bind' });
    } catch (err) {
      this.close();
      if (err instanceof LdapClientError) throw err;
      if (signal?.aborted) throw new LdapClientError('aborted', 'bind stopped by the caller');
      throw new LdapClientError('timeout', 'no answer to the bind in time');
    }
  }

  /** Runs one search; stops (abandons) it on timeout or abort. */
  search(request: SearchRequest): Promise<SearchResult> {
    const { signal, sizeLimit, pageSize, timeoutMs } = request;
    return new Promise((resolve, reject) => {
      const entries: RawEntry[] = [];
      let started = Date.now();
      let receivedAtStart = this.received;
      let messageId: number | undefined;
      let settled = false;
      const finish = (err: LdapClientError | null, truncated = false) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        if (err) reject(err);
        else resolve({ entries, truncated });
      };
      const stop = (err: LdapClientError | null) => {
        if (messageId !== undefined && !this.closed) this.client.abandon(messageId, () => undefined);
        if (err && this.received === receivedAtStart && Date.now() - started >= this.unresponsiveMs) {
          this.close(`the server sent nothing for ${Date.now() - started} ms`);
        }
        finish(err, err === null);
      };
      const onAbort = () =>
        stop(new LdapClientError('aborted', 'search stopped by the caller', undefined, { cause: signal.reason }));
      const onTimeout = () => stop(new LdapClientError('timeout', `no complete answer within ${timeoutMs} ms`));
      let timer = setTimeout(onTimeout, timeoutMs);
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });

      const onResponse = (res: EventEmitter) => {
        const received = () => this.received++;
        res.on('searchRequest', (message: { messageId: number }) => (messageId = message.messageId));
        res.on('searchEntry', (entry: SearchEntry) => {
          received();
          if (settled) return;
          entries.push(rawEntry(entry));
          // Paged searches cannot carry the size limit to the server: stop here.
          if (sizeLimit > 0 && entries.length >= sizeLimit) stop(null);
        });
        res.on('searchReference', received);
        res.on('page', (...args: unknown[]) => {
          received();
          const next = args.find((a): a is (err?: Error) => void => typeof a === 'function');
          if (settled) return next?.(new Error('enough entries'));
          // Each page is one operation: it gets the whole timeout.
          clearTimeout(timer);
          started = Date.now();
          receivedAtStart = this.received;
          timer = setTimeout(onTimeout, timeoutMs);
          next?.();
        });
        res.on('pageError', () => undefined); // the server ignores paging: what it sent is the answer
        res.on('end', () => {
          received();
          finish(null);
        });
        res.on('error', (err: Error & { code?: unknown }) => {
          received();
          if (err.name === 'SizeLimitExceededError') finish(null, true);
          else finish(toClientError(err, 'ldap', 'search failed'));
        });
      };
      try {
        this.client.search(
          request.base,
          {
            scope: 'sub',
            filter: toLdapjsFilter(request.filter),
            attributes: [...request.attributes],
            sizeLimit: pageSize > 0 ? 0 : sizeLimit,
            timeLimit: Math.max(1, Math.ceil(timeoutMs / 1000)),
            paged: pageSize > 0 ? { pageSize, pagePause: true } : false,
          },
          (err, res) => (err ? finish(toClientError(err, 'ldap', 'search failed')) : onResponse(res)),
        );
      } catch (err) {
        finish(toClientError(err, 'ldap', 'search failed'));
      }
    });
  }

  /** Closes the connection (pending operations fail with a connection error). */
  close(reason = 'closed by dird'): void {
    this.markClosed(reason);
  }

  private markClosed(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    for (const listener of this.closeListeners.splice(0)) listener(reason);
    // Also after a socket error, so that ldapjs fails what is still pending instead of keeping it.
    this.client.destroy();
  }
}

/** Why `dn` is not a DN ldapjs can send, or null when it is fine. */
export function dnProblem(dn: string): string | null {
  try {
    ldap.parseDN(dn);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

function rawEntry(entry: SearchEntry): RawEntry {
  return {
    dn: String(entry.objectName ?? ''),
    attributes: entry.attributes.map((a) => ({ type: a.type, values: a.buffers })),
  };
}

/** Our filter objects as ldapjs filter objects (never as filter strings: ldapjs 3 mangles non-ASCII text). */
function toLdapjsFilter(filter: LdapFilter): Filter {
  const text = (value: Buffer) => value.toString('utf8');
  switch (filter.type) {
    case 'and':
      return new ldap.AndFilter({ filters: filter.filters.map(toLdapjsFilter) });
    case 'or':
      return new ldap.OrFilter({ filters: filter.filters.map(toLdapjsFilter) });
    case 'not':
      return new ldap.NotFilter({ filter: toLdapjsFilter(filter.filter) });
    case 'equality':
      return new ldap.EqualityFilter({ attribute: filter.attribute, raw: filter.value });
    case 'greaterOrEqual':
      return new ldap.GreaterThanEqualsFilter({ attribute: filter.attribute, value: text(filter.value) });
    case 'lessOrEqual':
      return new ldap.LessThanEqualsFilter({ attribute: filter.attribute, value: text(filter.value) });
    case 'approxMatch':
      return new ldap.ApproximateFilter({ attribute: filter.attribute, value: text(filter.value) });
    case 'present':
      return new ldap.PresenceFilter({ attribute: filter.attribute });
    case 'substrings':
      return new ldap.SubstringFilter({
        attribute: filter.attribute,
        initial: filter.initial && text(filter.initial),
        any: filter.any.map(text),
        final: filter.final && text(filter.final),
      });
    case 'extensibleMatch':
      return new ldap.ExtensibleFilter({ ...filter, value: text(filter.value) });
  }
}

/** ldapjs errors (result errors are named `InvalidCredentialsError`, …) as {@link LdapClientError}. */
function toClientError(err: unknown, fallback: LdapFailure, what: string): LdapClientError {
  if (err instanceof LdapClientError) return err;
  const e = err as Error & { code?: unknown };
  const message = e?.message ?? String(err);
  const isResult =
    typeof e?.code === 'number' && /Error$/.test(e.name) && !/^(Connection|Timeout|Abandoned)Error$/.test(e.name);
  if (isResult) {
    const code = e.name.replace(/Error$/, '');
    const resultCode = code[0].toLowerCase() + code.slice(1);
    return new LdapClientError(
      'ldap',
      `${what}: ${resultCode}${message && message !== e.name ? ` (${message})` : ''}`,
      resultCode,
      { cause: err },
    );
  }
  const kind =
    e?.name === 'TimeoutError'
      ? 'timeout'
      : e?.name === 'ConnectionError' || typeof e?.code === 'string'
        ? 'connection'
        : fallback;
  return new LdapClientError(kind, `${what}: ${message}`, undefined, { cause: err });
}
