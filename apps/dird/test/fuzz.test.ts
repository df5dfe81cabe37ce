import { alive } from '@dird/test-servers';
import { lookupConfig, startTestDaemon, type TestDaemon } from '@dird/dird/testkit';
import fc from 'fast-check';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONTACTS_CSV } from './helpers.js';

/**
 * The HTTP API under random requests: real route shapes with random parameters, random paths, query strings,
 * headers and bodies, some of them malformed on the wire. Whatever comes in: never a 500, never a crash, and
 * every error in the common shape `{reason: [...], timestamp: [...], status_code}` matching the status.
 */

/** The token of a user allowed everything; requests carry it now and then, so that they reach the routes. */
const TOKEN = 'fuzz-token-6f1d8e2a9b7c4d3e';
/** A token allowed one profile's lookups only. */
const NARROW_TOKEN = 'fuzz-narrow-token-0a9b8c7d6e';

let daemon: TestDaemon;

beforeAll(async () => {
  const config = lookupConfig({
    sources: {
      contacts: {
        type: 'csv',
        file: 'contacts.csv',
        unique_column: 'clientno',
        searched_columns: ['firstname', 'lastname'],
        first_matched_columns: ['number', 'mobile'],
        format_columns: { reverse: '{firstname} {lastname}' },
      },
    },
  });
  config.enabled_plugins = {
    backends: ['csv'],
    services: ['lookup', 'reverse'],
    views: ['default_json', 'headers_view'],
  };
  config.services = { ...(config.services as object), reverse: { default: { sources: ['contacts'], timeout: 1 } } };
  // Today's host ignores `auth`; once it enforces it, the same requests meet the token checks too.
  config.auth = {
    type: 'static',
    tokens: [
      { token: TOKEN, user_uuid: 'a1b2c3d4-0000-4000-8000-000000000001', acls: ['dird.#'] },
      {
        token: NARROW_TOKEN,
        user_uuid: 'a1b2c3d4-0000-4000-8000-000000000002',
        acls: ['dird.directories.lookup.default.read'],
      },
    ],
  };
  config.log_level = 'debug';
  daemon = await startTestDaemon({ files: { 'contacts.csv': CONTACTS_CSV }, config });
});

afterAll(async () => {
  expect(await daemon?.stop()).toBe(0);
});

/** One answer, read off the socket. */
interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Sends `head` (request line and headers, without the blank line) and `body` as they are, on a fresh
 * connection, and reads the answer until the server closes it; null when it closes (or resets) without one.
 */
function send(url: string, head: string, body: Buffer): Promise<Answer | null> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('connect', () => socket.end(Buffer.concat([Buffer.from(`${head}\r\n\r\n`, 'latin1'), body])));
    socket.on('data', (c: Buffer) => chunks.push(c));
    let failure: Error | undefined;
    socket.on('error', (err) => (failure = err));
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      if (raw.length === 0 && (!failure || /ECONNRESET|EPIPE/.test(failure.message))) resolve(null);
      else if (failure && raw.length === 0) reject(failure);
      else {
        try {
          resolve(parseAnswer(raw));
        } catch (err) {
          reject(err);
        }
      }
    });
  });
}

function parseAnswer(raw: Buffer): Answer {
  // An interim answer (100 Continue, to `Expect: 100-continue`) comes before the answer.
  while (/^HTTP\/1\.[01] 1\d\d /.test(raw.subarray(0, 13).toString('latin1'))) {
    raw = raw.subarray(raw.indexOf('\r\n\r\n') + 4);
  }
  const end = raw.indexOf('\r\n\r\n');
  if (end < 0) throw new Error(`not an HTTP answer: ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  const [statusLine, ...lines] = raw.subarray(0, end).toString('latin1').split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.subarray(end + 4);
  if (headers['transfer-encoding'] === 'chunked') {
    const parts: Buffer[] = [];
    for (let at = 0; ;) {
      const eol = body.indexOf('\r\n', at);
      const size = Number.parseInt(body.subarray(at, eol).toString('latin1'), 16);
      if (!size) break;
      parts.push(body.subarray(eol + 2, eol + 2 + size));
      at = eol + 2 + size + 2;
    }
    body = Buffer.concat(parts);
  }
  return { status, headers, body: body.toString('utf8') };
}

// ---- generators ----

const ROUTE_LIKE = [
  'default',
  'unknown',
  '..',
  '.',
  '%2e%2e',
  '%00',
  '%',
  '%zz',
  '%C3%A9',
  '%ED%A0%80',
  '%F0%9F%98%80',
  '*',
  'a.b',
  '{profile}',
  ':profile',
  'headers',
  ';x=1',
];

/** A path parameter: a route-like word, any text percent-encoded, raw characters, or a long run. */
const param = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ROUTE_LIKE) },
  { weight: 4, arbitrary: fc.string({ unit: 'grapheme', maxLength: 24 }).map(encodeURIComponent) },
  { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=:@%-]{0,20}$/) },
  { weight: 1, arbitrary: fc.integer({ min: 90, max: 1200 }).map((n) => 'p'.repeat(n)) },
);

const path = fc.oneof(
  { weight: 3, arbitrary: param.map((p) => `/0.1/directories/lookup/${p}`) },
  { weight: 2, arbitrary: param.map((p) => `/0.1/directories/lookup/${p}/headers`) },
  { weight: 3, arbitrary: fc.tuple(param, param).map(([p, u]) => `/0.1/directories/reverse/${p}/${u}`) },
  {
    weight: 1,
    arbitrary: fc.tuple(param, param).map(([p, c]) => `/0.1/directories/favorites/${p}/${c}`),
  },
  { weight: 1, arbitrary: param.map((p) => `/0.1/directories/personal/${p}`) },
  { weight: 1, arbitrary: param.map((p) => `/0.1/personal/${p}`) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '/0.1/api/api.json',
      '/0.1/api/api.yml',
      '/0.1/personal',
      '/0.1/personal/import',
      '/0.1/status',
      '/',
      '',
      '*',
      '//0.1//directories//lookup//default',
      '/0.1/directories/lookup/default/../../../etc/passwd',
      'http://127.0.0.1/0.1/directories/lookup/default',
    ),
  },
  { weight: 1, arbitrary: fc.array(param, { maxLength: 6 }).map((segments) => `/${segments.join('/')}`) },
);

const queryValue = fc.oneof(
  fc.constantFrom(
    '',
    'ali',
    'a',
    '1111',
    '5555551234',
    '-1',
    '0',
    '1e3',
    '99999999999999999999',
    'NaN',
    'true',
    '%',
    '%zz',
  ),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.integer({ min: 200, max: 3000 }).map((n) => 'x'.repeat(n)),
);
const queryKey = fc.constantFrom('term', 'limit', 'offset', 'exten', 'token', 'term[]', 'foo', '', '%', '__proto__');
const pairs = fc
  .array(fc.tuple(queryKey, queryValue, fc.boolean()), { maxLength: 4 })
  .map((list) => list.map(([k, v, eq]) => (eq ? `${k}=${v}` : k)));
const query = fc.oneof(
  // What the routes expect, with random values and extras.
  {
    weight: 4,
    arbitrary: fc
      .tuple(fc.constantFrom('term', 'exten'), queryValue, pairs)
      .map(([k, v, extra]) => `?${[`${k}=${v}`, ...extra].join('&')}`),
  },
  { weight: 2, arbitrary: pairs.map((list) => `?${list.join('&')}`) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '?',
      '?&&',
      '?=',
      '?term',
      '?term=ali&term=bob',
      '?limit=2&offset=1&term=',
      '?exten=1111#frag',
    ),
  },
);

/** Header values: printable ASCII, and sometimes bytes the parser may refuse. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x20-\x7e]{0,40}$/),
  fc.constantFrom(TOKEN, NARROW_TOKEN, `${TOKEN} `, TOKEN.toUpperCase(), '', 'x'.repeat(5000), '\u00e9\u00ff'),
);
const headers = fc.array(
  fc.oneof(
    { weight: 8, arbitrary: fc.tuple(fc.constant('X-Auth-Token'), headerValue) },
    {
      weight: 6,
      arbitrary: fc.tuple(
        fc.constantFrom('Content-Type', 'Accept', 'Origin', 'Access-Control-Request-Method', 'Wazo-Tenant', 'Cookie'),
        headerValue,
      ),
    },
    {
      weight: 2,
      arbitrary: fc.constantFrom<[string, string]>(
        ['Connection', 'Upgrade'],
        ['Upgrade', 'websocket'],
        ['Upgrade', 'h2c'],
        ['Expect', '100-continue'],
        ['Content-Type', 'application/json'],
        ['Accept-Encoding', 'gzip, br'],
        ['X-Auth-Token', 'x'.repeat(20_000)],
      ),
    },
    { weight: 4, arbitrary: fc.tuple(fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,20}$/), headerValue) },
    // Header lines the HTTP parser refuses.
    { weight: 1, arbitrary: fc.tuple(fc.constantFrom('Bad Header', 'Bad:Name', ''), headerValue) },
  ),
  { maxLength: 4 },
);

const body = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 1, arbitrary: fc.json().map((j) => j) },
  { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
  { weight: 1, arbitrary: fc.constantFrom('{', '{"term": "ali"}', 'null', '[]', '\u0000\u0001', '<xml/>') },
);

const method = fc.oneof(
  { weight: 12, arbitrary: fc.constant('GET') },
  { weight: 6, arbitrary: fc.constantFrom('HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH') },
  { weight: 1, arbitrary: fc.constantFrom('TRACE', 'CONNECT', 'PROPFIND', 'FOO', 'get') },
);

/** The target as sent: mostly valid on the wire, sometimes with raw bytes a client should have encoded. */
const target = fc.oneof(
  { weight: 9, arbitrary: fc.tuple(path, query).map(([p, q]) => p + q) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 1000, max: 4000 })
      .map((n) => `/0.1/directories/lookup/default?${'term=a&'.repeat(n)}`),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(path, fc.constantFrom(' ', 'é', '\t', '"', '<', '\\', '^', '`', '{', '|', '\u0080'))
      .map(([p, raw]) => `${p}${raw}x`),
  },
);

const request: fc.Arbitrary<FuzzRequest> = fc.record({ method, target, headers, body });
/** One generated request. */
interface FuzzRequest {
  readonly method: string;
  readonly target: string;
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string;
}

function wire(r: FuzzRequest): { head: string; payload: Buffer } {
  const payload = Buffer.from(r.body, 'utf8');
  const lines = [`${r.method} ${r.target} HTTP/1.1`, 'Host: 127.0.0.1', 'Connection: close'];
  for (const [name, value] of r.headers) lines.push(`${name}: ${value}`);
  if (payload.length > 0) lines.push(`Content-Length: ${payload.length}`);
  return { head: lines.join('\r\n'), payload };
}

/** What is wrong with an answer, or undefined. */
function problem(r: FuzzRequest, answer: Answer | null): string | undefined {
  if (answer === null) return 'the connection was closed without an answer';
  if (!(answer.status >= 100 && answer.status < 600)) return `no status (${answer.status})`;
  if (answer.status >= 500) return `status ${answer.status}`;
  if (answer.status < 400 || r.method === 'HEAD') return undefined;
  if (!/^application\/json/.test(answer.headers['content-type'] ?? '')) {
    return `error answer of type ${answer.headers['content-type'] ?? 'none'}`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return 'error answer that is not JSON';
  }
  const e = parsed as { reason?: unknown; timestamp?: unknown; status_code?: unknown };
  const keys = Object.keys(e ?? {})
    .sort()
    .join(',');
  if (keys !== 'reason,status_code,timestamp') return `error keys ${keys}`;
  if (!Array.isArray(e.reason) || e.reason.length === 0 || !e.reason.every((x) => typeof x === 'string')) {
    return 'reason is not a non-empty list of strings';
  }
  if (!Array.isArray(e.timestamp) || e.timestamp.length !== 1 || typeof e.timestamp[0] !== 'number') {
    return 'timestamp is not [number]';
  }
  if (e.status_code !== answer.status) return `status_code ${String(e.status_code)} for status ${answer.status}`;
  return undefined;
}

describe('fuzzing the HTTP API of the real daemon', () => {
  it('answers every request without a 500, in the common error shape, and stays up', async () => {
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const { head, payload } = wire(r);
        const answer = await send(daemon.url, head, payload);
        const wrong = problem(r, answer);
        const got = answer ? `${answer.status} ${answer.body.slice(0, 300)}` : 'no answer';
        expect(wrong, `${head}\r\n\r\n${r.body}\n→ ${got}`).toBeUndefined();
      }),
      { numRuns: 600 },
    );
    expect(alive(daemon.pid)).toBe(true);
    const lookup = await daemon.get('/0.1/directories/lookup/default?term=ali');
    expect([200, 401]).toContain(lookup.status);
  });

  it('answers a CONNECT request (which Node hands to a "connect" listener, or else drops) in the common shape', async () => {
    for (const target of ['/0.1/directories/lookup/default?term=ali', '127.0.0.1:80']) {
      const r = { method: 'CONNECT', target, headers: [], body: '' };
      const { head, payload } = wire(r);
      const answer = await send(daemon.url, head, payload);
      expect(
        problem(r, answer),
        `${head} → ${answer ? `${answer.status} ${answer.body}` : 'no answer'}`,
      ).toBeUndefined();
    }
    expect(alive(daemon.pid)).toBe(true);
  });

  it('logged no request failure and no token it was sent', () => {
    const log = JSON.stringify(daemon.logs);
    expect(daemon.logs.filter((l) => /request failed/.test(String(l.msg)))).toEqual([]);
    for (const token of [TOKEN, NARROW_TOKEN]) expect(log).not.toContain(token);
  });
});
