import { HttpError } from '@dird/core';
import { TextDecoder } from 'node:util';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** The largest contact body (`POST /0.1/personal`, `PUT /0.1/personal/{id}`). */
export const CONTACT_BODY_LIMIT = 64 * 1024;
/** The largest CSV import: about 100,000 contacts. */
export const IMPORT_BODY_LIMIT = 16 * 1024 * 1024;

/** A body Fastify did not parse as JSON: its bytes, and the request's content type. */
class RawBody {
  constructor(
    readonly bytes: Buffer,
    readonly contentType: string | undefined,
  ) {}
}

/**
 * Body handling of the personal routes, in the view's own scope: every content type is read (as bytes) rather
 * than refused by Fastify, so that each route answers a clear 400/415 of its own; a body over a route's limit is
 * a 413 naming the limit.
 */
export function installBodyHandling(app: FastifyInstance): void {
  // The body schemas only document: the personal service checks a contact, and names every rule it breaks (a
  // schema validator stops at the first, and would turn 1 into "1" where a string is expected).
  app.setValidatorCompiler(() => () => true);
  app.removeAllContentTypeParsers();
  const json = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    done(null, new RawBody(body as Buffer, request.headers['content-type']));
  });
  app.setErrorHandler((error, request) => {
    if ((error as { code?: string }).code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit;
      throw new HttpError(413, [`the body is larger than this route takes (${limit} bytes)`]);
    }
    // Everything else is answered by the host's handler, in the common shape.
    throw error;
  });
}

/**
 * The JSON object a contact route was sent: a 400 for JSON that is not an object, and for a body that is not
 * JSON (a body without a content type is read as JSON, as wazo-dird does since 26.02).
 */
export function contactBody(request: FastifyRequest): unknown {
  let body = request.body;
  if (body instanceof RawBody) {
    if (body.contentType !== undefined && body.contentType.trim() !== '') {
      throw new HttpError(415, [`a contact is sent as application/json, not ${body.contentType}`]);
    }
    try {
      body = JSON.parse(body.bytes.toString('utf8')) as unknown;
    } catch (err) {
      throw new HttpError(400, [`the body is not JSON: ${(err as Error).message}`]);
    }
  }
  if (body === undefined || body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new HttpError(400, ['the body must be a JSON object of attribute names to string values']);
  }
  if (Object.hasOwn(body, '__proto__')) throw new HttpError(400, ['the key __proto__ is not allowed']);
  return body;
}

/** The text of a CSV import, decoded with the `charset` of its content type (UTF-8 by default). */
export function importText(request: FastifyRequest): string {
  const body = request.body;
  if (!(body instanceof RawBody)) {
    if (body === undefined) return '';
    throw new HttpError(415, ['an import is sent as CSV: Content-Type: text/csv; charset=<its charset>']);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(body.contentType ?? '')?.[1] ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset, { fatal: true });
  } catch {
    throw new HttpError(400, [`unknown charset ${charset}: give one such as utf-8 or windows-1252`]);
  }
  try {
    return decoder.decode(body.bytes);
  } catch {
    throw new HttpError(400, [
      `the body is not valid ${charset}${badLine(body.bytes, charset)}: send the charset it is written in ` +
        '(Content-Type: text/csv; charset=windows-1252, for instance)',
    ]);
  }
}

/** ` (line N)`: where an ASCII-compatible body first fails to decode, or nothing when that cannot be told. */
function badLine(bytes: Buffer, charset: string): string {
  let start = 0;
  for (let line = 1; start <= bytes.length; line++) {
    const end = bytes.indexOf(0x0a, start);
    const slice = bytes.subarray(start, end < 0 ? bytes.length : end);
    try {
      new TextDecoder(charset, { fatal: true }).decode(slice);
    } catch {
      return ` (line ${line})`;
    }
    if (end < 0) break;
    start = end + 1;
  }
  return '';
}
