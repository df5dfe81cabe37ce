import { errorBody, HttpError, type Logger } from '@dird/core';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';

const JSON_TYPE = 'application/json; charset=utf-8';

interface ValidationIssue {
  instancePath?: string;
  message?: string;
  keyword?: string;
  params?: Record<string, unknown>;
}

function reasonFor(issue: ValidationIssue, context: string | undefined): string {
  if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
    return `${issue.params.missingProperty} is missing`;
  }
  const name = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || context || 'request';
  return `${name} ${issue.message ?? 'is invalid'}`;
}

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
    if (error instanceof HttpError)
      return reply.code(error.statusCode).send(errorBody(error.statusCode, error.reasons));
    if (error.validation) {
      const reasons = (error.validation as ValidationIssue[]).map((v) => reasonFor(v, error.validationContext));
      return reply.code(400).send(errorBody(400, reasons));
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) return reply.code(status).send(errorBody(status, [error.message]));
    logger.error({ err: error, url: request.url }, `phone request failed: ${error.message}`);
    return reply.code(500).send(errorBody(500, ['Internal server error: see the dird log']));
  };
}
