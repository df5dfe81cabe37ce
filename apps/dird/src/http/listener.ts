import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import https from 'node:https';
import type { Socket } from 'node:net';
import { bounded, ConfigError, describeError, errorBody, type Logger } from '@dird/core';
import type { FastifyInstance } from 'fastify';
import type { RestApiSettings } from '../config/rest-api.js';
import { clientErrorHandler } from './errors.js';
import { MAX_HEADER_BYTES } from './limits.js';
import { frontOf, type Front } from './server.js';

/** How long a request may take to arrive in full (Fastify's default, kept from before live reload). */
const REQUEST_TIMEOUT_MS = 30_000;
/** How long a stop leaves kept-alive connections to busy clients (their next request gets `Connection: close`). */
const IDLE_CLOSE_GRACE_MS = 250;
/** How long an idle keep-alive connection is kept (Fastify's default). */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

/** One generation's Fastify app as the listener sees it: where requests go, and how many are being answered. */
export class Lane {
  private count = 0;
  private waiters: (() => void)[] = [];
  private readonly front: Front | undefined;

  constructor(readonly app: FastifyInstance) {
    this.front = frontOf(app);
  }

  /** Requests routed to this app whose answer is not finished (nor abandoned by the client). */
  get inFlight(): number {
    return this.count;
  }

  /** Routes one request to the app, counting it until its response closes. */
  serve(req: IncomingMessage, res: ServerResponse): void {
    this.count += 1;
    res.once('close', () => {
      this.count -= 1;
      if (this.count === 0) for (const w of this.waiters.splice(0)) w();
    });
    if (this.front !== undefined) this.front(req, res);
    this.app.routing(req, res);
  }

  /** Resolves once no request is in flight here (at once when none is). */
  drained(): Promise<void> {
    if (this.count === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }
}

/**
 * The one HTTP(S) server of the daemon, for its whole life. Each config generation has its own Fastify app (made
 * ready, never listening: Fastify cannot add routes once ready); the server hands every request to the current
 * one. A reload swaps the lane: requests already routed finish in the old app, new ones go to the new app, so a
 * request is answered by one config or the other, never refused.
 */
export class Listener {
  readonly server: http.Server | https.Server;
  private lane: Lane;
  private stopping = false;
  private served: RestApiSettings['tls'];

  constructor(app: FastifyInstance, tls: RestApiSettings['tls'], logger: Logger) {
    this.lane = new Lane(app);
    this.served = tls;
    const options = {
      maxHeaderSize: MAX_HEADER_BYTES,
      requestTimeout: REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
    };
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      // While stopping, every answer closes its connection, so keep-alive clients do not hold the stop up.
      if (this.stopping) res.setHeader('connection', 'close');
      this.lane.serve(req, res);
    };
    this.server = tls
      ? https.createServer({ ...options, cert: tls.cert, key: tls.key, ciphers: tls.ciphers }, handler)
      : http.createServer(options, handler);
    this.server.on('clientError', clientErrorHandler.bind({ log: logger } as unknown as FastifyInstance));
    refuseConnect(this.server);
  }

  /** The lane requests go to now. */
  get current(): Lane {
    return this.lane;
  }

  /** Sends every later request to `app`; returns the previous lane, to drain and close. */
  swap(app: FastifyInstance): Lane {
    const previous = this.lane;
    this.lane = new Lane(app);
    return previous;
  }

  /** True when the server speaks HTTPS. */
  get tls(): boolean {
    return this.server instanceof https.Server;
  }

  /** The certificate, key and ciphers served now (HTTPS only). */
  get certificate(): RestApiSettings['tls'] {
    return this.served;
  }

  /** Serves a new certificate and key to new connections (those open keep theirs). */
  setCertificate(tls: NonNullable<RestApiSettings['tls']>): void {
    (this.server as https.Server).setSecureContext({ cert: tls.cert, key: tls.key, ciphers: tls.ciphers });
    this.served = tls;
  }

  /** The port listened on (the real one when the config says 0). */
  get port(): number | undefined {
    const address = this.server.address();
    return typeof address === 'object' && address ? address.port : undefined;
  }

  /**
   * Listens on `rest_api.listen`:`rest_api.port`; an address in use, not on this host, or a port needing
   * privileges stops the start with a config error naming the key and the address.
   */
  async listen(api: RestApiSettings): Promise<void> {
    try {
      await new Promise<void>((resolve, reject) => {
        this.server.once('error', reject);
        this.server.listen({ host: api.listen, port: api.port }, () => {
          this.server.off('error', reject);
          resolve();
        });
      });
    } catch (err) {
      throw listenError(err, api);
    }
  }

  /**
   * Stops accepting connections and waits until every connection has ended: requests in flight finish, each
   * answer from now on closes its connection, and after a short grace idle keep-alive connections are closed as
   * they fall idle. After `timeoutMs`, the remaining connections are cut.
   */
  async stop(timeoutMs: number, logger: Logger): Promise<void> {
    this.stopping = true;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    // Idle connections are closed only after a grace: a busy client's next request on its connection is then
    // answered with `Connection: close` and the client closes it itself. Closing a kept-alive connection at once
    // races with the request its client may be sending on it (reset, never read: the soak's finding 1).
    let sweep: NodeJS.Timeout | undefined;
    const grace = setTimeout(
      () => {
        this.server.closeIdleConnections();
        sweep = setInterval(() => this.server.closeIdleConnections(), 50);
      },
      Math.min(IDLE_CLOSE_GRACE_MS, timeoutMs / 2),
    );
    try {
      await bounded(closed, { ms: timeoutMs, what: 'finishing in-flight requests' });
    } catch (err) {
      logger.warn(`${describeError(err)}; closing the remaining connections`);
      this.server.closeAllConnections();
      await closed;
    } finally {
      clearTimeout(grace);
      clearInterval(sweep);
    }
  }
}

function listenError(err: unknown, api: RestApiSettings): unknown {
  const code = (err as NodeJS.ErrnoException).code;
  const address = `${api.listen.includes(':') ? `[${api.listen}]` : api.listen}:${api.port}`;
  const problems: Record<string, [keyof RestApiSettings['where'], string]> = {
    EADDRINUSE: ['port', `cannot listen on ${address}: the port is already in use (another dird running?)`],
    EACCES: ['port', `cannot listen on ${address}: permission denied (ports below 1024 need privileges)`],
    EADDRNOTAVAIL: ['listen', `cannot listen on ${address}: ${api.listen} is not an address of this host`],
    ENOTFOUND: ['listen', `cannot listen on ${address}: ${api.listen} does not resolve to an address`],
    EAI_AGAIN: ['listen', `cannot listen on ${address}: ${api.listen} does not resolve to an address`],
  };
  const problem = code ? problems[code] : undefined;
  if (!problem) return err;
  return new ConfigError(`${problem[1]} (${code})`, api.where[problem[0]], { cause: err });
}

/**
 * `CONNECT` (a proxy's method) never reaches Fastify: Node hands it to a `connect` listener and, without one,
 * drops the connection without a word. Answer it as any method dird does not serve.
 */
function refuseConnect(server: http.Server): void {
  server.on('connect', (request: { url?: string }, socket: Socket) => {
    const body = JSON.stringify(errorBody(405, [`Method not allowed: CONNECT ${request.url ?? ''}`]));
    socket.end(
      `HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD, POST, PUT, DELETE, OPTIONS\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Connection: close\r\n\r\n${body}`,
    );
  });
}
