import { errorAnswer, errorBody, INTERNAL_ERROR_REASON, type HttpError } from '@dird/core';
import { MAX_HEADER_BYTES, MAX_PARAM_LENGTH } from './limits.js';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** The 404 of a route that does not exist (or whose view failed to load). */
export function notFound(request: FastifyRequest, reply: FastifyReply): void {
  void reply.code(404).send(errorBody(404, [`No such resource: ${request.method} ${request.url.split('?')[0]}`]));
}

/** Every error, 404 and 400 included, answers `{"reason": [...], "timestamp": [...], "status_code": N}`. */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setNotFoundHandler(notFound);
  app.setErrorHandler((error: FastifyError | HttpError, request, reply) => {
    const { status, reasons, internal } = errorAnswer(error);
    if (internal) request.log.error({ err: error, url: request.url }, `request failed: ${error.message}`);
    return reply.code(status).send(errorBody(status, reasons));
  });
}

/**
 * Fastify's `frameworkErrors`: errors of the router, before any route or error handler runs: a path that does not
 * decode (`/0.1/directories/lookup/%`, 400), a path parameter longer than the router accepts (400).
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  const path = request.url.split('?')[0];
  let status: number;
  let reason: string;
  if (error.code === 'FST_ERR_BAD_URL') {
    status = 400;
    reason = `malformed URL: ${path} does not decode: percent-encode % as %25`;
  } else if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    status = 400;
    reason = `URL parameter too long (at most ${MAX_PARAM_LENGTH} characters) in ${path.length > 200 ? `${path.slice(0, 200)}…` : path}`;
  } else {
    status = error.statusCode && error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 500;
    reason = status === 500 ? INTERNAL_ERROR_REASON : error.message;
    if (status === 500) request.log.error({ err: error, url: request.url }, `request failed: ${error.message}`);
  }
  request.log.debug({ code: error.code, url: request.url }, reason);
  void reply.code(status).send(errorBody(status, [reason]));
}

/**
 * Requests Node's HTTP parser refuses (most often a URL with raw non-ASCII bytes, e.g. `?term=zoé` sent
 * without percent-encoding) get the common error shape and a reason that says how to fix the client.
 */
export function clientErrorHandler(this: FastifyInstance, err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || !socket.writable) return;
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const reason = tooLarge
    ? `request headers too large (at most ${MAX_HEADER_BYTES} bytes in all)`
    : err.code === 'HPE_INVALID_URL' || err.code === 'HPE_INVALID_CHARACTER' || err.code === 'HPE_INVALID_HEADER_TOKEN'
      ? `malformed HTTP request (${err.code}): percent-encode non-ASCII characters in the URL (é is %C3%A9)`
      : `malformed HTTP request (${err.code ?? err.message})`;
  this.log.debug({ code: err.code }, reason);
  const [status, text] = tooLarge ? [431, 'Request Header Fields Too Large'] : [400, 'Bad Request'];
  const body = JSON.stringify(errorBody(status, [reason]));
  socket.end(
    `HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
