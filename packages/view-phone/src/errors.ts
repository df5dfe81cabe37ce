import { errorAnswer, errorBody, type HttpError, type Logger } from '@dird/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const JSON_TYPE = 'application/json; charset=utf-8';

/**
 * The phone views' error handler. xivo-dird answered the phone routes' errors in JSON, not in the vendor's
 * XML (reference §8.2: a 400 for a bad `term`, `limit` or `offset`, a 404 in the dird error shape for an
 * unknown phone profile), and so does dird, in the common shape `{"reason", "timestamp", "status_code"}`:
 * a phone shows only the status of a failed request whatever its body, and the administrator who tries
 * the URL reads the reason. Set on the view's own scope so that the answer does not depend on the host's
 * handler, and so that an unexpected error is logged under the view's name.
 */
export function phoneErrorHandler(logger: Logger) {
  return (error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply): FastifyReply => {
    reply.type(JSON_TYPE);
    const { status, reasons, internal } = errorAnswer(error);
    if (internal) logger.error({ err: error, url: request.url }, `phone request failed: ${error.message}`);
    return reply.code(status).send(errorBody(status, reasons));
  };
}
