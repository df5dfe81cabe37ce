import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { AnswerDecoder } from './charset.js';
import { safeUrl } from './urls.js';

/** How the {@link WebClient} talks to the web service. */
export interface WebClientOptions {
  /** Check the certificate of an https:// service. */
  readonly verifyCertificate: boolean;
  /** The CA(s) to check it against instead of the system's (PEM). */
  readonly ca?: Buffer;
  /** The largest answer read, in bytes (`max_answer_bytes`). */
  readonly maxAnswerBytes: number;
  /** The media types asked for (the Accept header). */
  readonly accept: string;
  /** Headers sent with every request (a token); never logged. */
  readonly headers?: Readonly<Record<string, string>>;
}

/** An answer of the service: its status, and for a 2xx its body as text. */
interface Answer {
  readonly status: number;
  readonly statusText: string;
  readonly location?: string;
  readonly text?: string;
}

/** The most connections kept open to one service: enough for bursts of lookups, bounded against a flood. */
const MAX_SOCKETS = 32;
/** Node's codes for a certificate that cannot be checked, answered with what to set. */
const CERTIFICATE_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * GETs text from a web service (csv_ws's CSV, confd's JSON) on keep-alive connections: the answer's size
 * bounded, its text decoded by its charset. A 404 is "no result" (null); any other answer than a 2xx, and every
 * failure to get one, throws an error naming the URL (without its query or credentials, which may hold
 * secrets) and what to do.
 */
export class WebClient {
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;

  constructor(private readonly options: WebClientOptions) {
    const common = { keepAlive: true, maxSockets: MAX_SOCKETS, maxFreeSockets: 8, timeout: 30_000 };
    this.httpAgent = new http.Agent(common);
    this.httpsAgent = new https.Agent({ ...common, rejectUnauthorized: options.verifyCertificate, ca: options.ca });
  }

  /** The text at `url`, or null when the service answers 404; stops when `signal` aborts. */
  async get(url: URL, signal: AbortSignal): Promise<string | null> {
    const where = `GET ${safeUrl(url)}`;
    let answer: Answer;
    try {
      answer = await this.send(url, signal).catch((err: NodeJS.ErrnoException & { reused?: boolean }) => {
        // The service may close an idle keep-alive connection just as it is reused: once more on a fresh one.
        if (err.reused && (err.code === 'ECONNRESET' || err.code === 'EPIPE') && !signal.aborted) {
          return this.send(url, signal);
        }
        throw err;
      });
    } catch (err) {
      if (signal.aborted) throw signal.reason;
      throw new Error(`${where}: ${explain(err as NodeJS.ErrnoException)}`, { cause: err });
    }
    if (answer.status === 404) return null;
    if (answer.text !== undefined) return answer.text;
    const redirect = answer.location ? ` (a redirect to ${answer.location}, not followed: set the URL to it)` : '';
    throw new Error(`${where} answered ${answer.status} ${answer.statusText}${redirect}`.trimEnd());
  }

  /** Closes the kept connections. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }

  private send(url: URL, signal: AbortSignal): Promise<Answer> {
    const max = this.options.maxAnswerBytes;
    return new Promise<Answer>((resolve, reject) => {
      const secure = url.protocol === 'https:';
      const options = {
        method: 'GET',
        signal,
        agent: secure ? this.httpsAgent : this.httpAgent,
        headers: { ...this.options.headers, accept: this.options.accept },
      };
      const onAnswer = (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        const statusText = res.statusMessage ?? '';
        if (status < 200 || status > 299) {
          res.resume(); // read and dropped, so the connection can serve the next request
          const location = typeof res.headers.location === 'string' ? locationOf(res.headers.location, url) : '';
          return resolve({ status, statusText, ...(location ? { location } : {}) });
        }
        if (Number(res.headers['content-length']) > max) {
          res.destroy();
          return reject(tooLarge(max));
        }
        let decoder: AnswerDecoder;
        try {
          decoder = new AnswerDecoder(res.headers['content-type']);
        } catch (err) {
          res.destroy();
          return reject(err);
        }
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > max) res.destroy(tooLarge(max));
          else decoder.write(chunk);
        });
        res.on('end', () => resolve({ status, statusText, text: decoder.end() }));
        res.on('error', reject);
        res.on('close', () => {
          if (!res.complete) reject(new Error('the connection closed before the whole answer came'));
        });
      };
      const req = secure ? https.request(url, options, onAnswer) : http.request(url, options, onAnswer);
      req.on('error', (err: Error & { reused?: boolean }) => {
        err.reused = req.reusedSocket;
        reject(err);
      });
      req.end();
    });
  }
}

function tooLarge(max: number): Error {
  return Object.assign(new Error(`the answer is larger than max_answer_bytes (${max} bytes): not read`), {
    code: 'DIRD_ANSWER_TOO_LARGE',
  });
}

/** A failure to get an answer, with what to set when it is the certificate. */
function explain(err: NodeJS.ErrnoException): string {
  if (err.code && CERTIFICATE_CODES.has(err.code)) {
    // Node 24 appends its own hint ("; if the root CA is installed locally, try running Node.js with
    // --use-system-ca"): what a dird user sets is verify_certificate.
    const what = err.message.split('; ')[0];
    return `${what} (set verify_certificate to the PEM file of the CA that signed it, or to false)`;
  }
  return err.message;
}

/** Where a redirect points, without its query or credentials. */
function locationOf(location: string, base: URL): string {
  try {
    return safeUrl(new URL(location, base));
  } catch {
    return '';
  }
}
