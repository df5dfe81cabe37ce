import { AuthUnavailableError, describeError } from '@dird/core';
import http, { type ClientRequest, type IncomingMessage } from 'node:http';
import https from 'node:https';

/** Where wazo-auth is and how to talk to it. */
export interface TokenClientOptions {
  readonly host: string;
  readonly port: number;
  readonly https: boolean;
  /** `/api/auth`, or empty. */
  readonly prefix: string;
  /** Check the server's certificate (HTTPS only). */
  readonly verifyCertificate: boolean;
  /** The CA to check it against instead of the system's (PEM). */
  readonly ca?: Buffer;
}

/** An answer of wazo-auth: its status, and the body of a GET (at most {@link MAX_BODY} bytes). */
export interface TokenAnswer {
  readonly status: number;
  readonly body: string;
}

/** A token answer is a few hundred bytes; a much larger one is not wazo-auth's and is not read. */
const MAX_BODY = 256 * 1024;
/** The most connections kept open to wazo-auth: enough for bursts, bounded so a flood cannot exhaust it. */
const MAX_SOCKETS = 64;

/**
 * The HTTP side of the wazo verifier: `HEAD` and `GET /0.1/token/{token}` on keep-alive connections, the token
 * and the ACL percent-encoded (no character of a token can change the path), every failure to get an answer
 * (refused, reset, TLS, timeout, 5xx) turned into an {@link AuthUnavailableError}.
 */
export class TokenClient {
  /** `https://host:port/prefix`, for messages. */
  readonly base: string;
  private readonly agent: http.Agent;

  constructor(private readonly options: TokenClientOptions) {
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    this.base = `${options.https ? 'https' : 'http'}://${host}:${options.port}${options.prefix}`;
    const common = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: 16, timeout: 30_000 };
    this.agent = options.https
      ? new https.Agent({ ...common, rejectUnauthorized: options.verifyCertificate, ca: options.ca })
      : new http.Agent(common);
  }

  /** The path of a token, and of the ACL asked when given. */
  tokenPath(token: string, scope?: string): string {
    const path = `${this.options.prefix}/0.1/token/${encodeSegment(token)}`;
    return scope === undefined ? path : `${path}?scope=${encodeURIComponent(wellFormed(scope))}`;
  }

  /**
   * `method path`, within `signal` (which carries the timeout). Throws
   * {@link AuthUnavailableError} when no answer comes, or a 5xx does: the server cannot tell.
   */
  async request(method: 'HEAD' | 'GET', path: string, signal: AbortSignal): Promise<TokenAnswer> {
    let answer: TokenAnswer;
    try {
      answer = await this.send(method, path, signal).catch((err: NodeJS.ErrnoException & { reused?: boolean }) => {
        // The server may close an idle keep-alive connection just as it is reused: once more on a fresh one.
        if (err.reused && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !signal.aborted) {
          return this.send(method, path, signal);
        }
        throw err;
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw new AuthUnavailableError(`Authentication server unreachable: ${this.base}: ${describeError(err)}`, {
        cause: err,
      });
    }
    if (answer.status >= 500) {
      throw new AuthUnavailableError(`Authentication server unreachable: ${this.base} answered ${answer.status}`);
    }
    return answer;
  }

  private send(method: string, path: string, signal: AbortSignal): Promise<TokenAnswer> {
    return new Promise<TokenAnswer>((resolve, reject) => {
      const { host, port } = this.options;
      const transport = this.options.https ? https : http;
      const req: ClientRequest = transport.request(
        { host, port, path, method, agent: this.agent, signal, headers: { accept: 'application/json' } },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_BODY) res.destroy(new Error(`an answer larger than ${MAX_BODY} bytes`));
            else chunks.push(chunk);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', (err: Error & { reused?: boolean }) => {
        err.reused = req.reusedSocket;
        reject(err);
      });
      req.end();
    });
  }

  /** Closes the kept connections. */
  close(): void {
    this.agent.destroy();
  }
}

/**
 * `token` as one path segment: percent-encoded, and with `.` and the characters encodeURIComponent leaves
 * encoded too, so that `..` or `.` cannot become a dot-segment a server or a proxy would resolve.
 */
export function encodeSegment(token: string): string {
  return encodeURIComponent(wellFormed(token)).replace(
    /[.!'()*~]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `text` with lone surrogates replaced by U+FFFD (encodeURIComponent throws on them). */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}
