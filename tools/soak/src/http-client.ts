import http from 'node:http';

/** What came back for one request. */
export interface Answer {
  /** The status; undefined when no answer came. */
  readonly status?: number;
  /** The body, parsed when JSON. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the soak reads whatever shape the route answers
  readonly body?: any;
  /** Why no answer came: the socket error's code (`ECONNRESET`, `ECONNREFUSED`), or `deadline`. */
  readonly error?: string;
  /** True when the request went on a kept-alive connection that had carried an earlier request. */
  readonly reused: boolean;
  /** True when response bytes arrived (headers at least). */
  readonly answered: boolean;
  readonly ms: number;
}

/** One request to the daemon. */
export interface Call {
  readonly method: string;
  readonly path: string;
  readonly token?: string;
  readonly json?: unknown;
}

/**
 * Sends `call` to `127.0.0.1:port` through `agent` (keep-alive) and never rejects: an error or the deadline
 * (`deadlineMs`, after which the request is destroyed) comes back as {@link Answer.error}.
 */
export function send(agent: http.Agent, port: number, call: Call, deadlineMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let done = false;
    let answered = false;
    const body = call.json === undefined ? undefined : JSON.stringify(call.json);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (call.token) headers['x-auth-token'] = call.token;
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const req = http.request({ host: '127.0.0.1', port, method: call.method, path: call.path, headers, agent });
    const finish = (a: Omit<Answer, 'ms' | 'reused' | 'answered'>) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      resolve({ ...a, answered, reused: req.reusedSocket, ms: performance.now() - started });
    };
    const timer = setTimeout(() => {
      finish({ error: 'deadline' });
      req.destroy();
    }, deadlineMs);
    req.on('error', (err: NodeJS.ErrnoException) => finish({ error: err.code ?? err.message }));
    req.on('response', (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', (err: NodeJS.ErrnoException) => finish({ status: res.statusCode, error: err.code ?? 'aborted' }));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('json') && text) {
          try {
            parsed = JSON.parse(text);
          } catch {
            return finish({ status: res.statusCode, error: 'malformed JSON' });
          }
        }
        finish({ status: res.statusCode, body: parsed });
      });
    });
    req.end(body);
  });
}
