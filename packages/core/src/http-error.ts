/** The one error body of the REST API: `{"reason": [...], "timestamp": [...], "status_code": N}`. */
export interface ErrorBody {
  reason: unknown[];
  timestamp: number[];
  status_code: number;
}

/** JSON Schema of {@link ErrorBody}, for route response schemas and the OpenAPI document. */
export const errorBodySchema = {
  type: 'object',
  description: 'Every error answer has this shape (xivo-dird compatible).',
  required: ['reason', 'timestamp', 'status_code'],
  properties: {
    reason: { type: 'array', items: {} },
    timestamp: { type: 'array', items: { type: 'number' } },
    status_code: { type: 'integer' },
  },
} as const;

/** Builds an error body stamped with the current time (epoch seconds, as xivo-dird). */
export function errorBody(statusCode: number, reasons: readonly unknown[]): ErrorBody {
  return { reason: [...reasons], timestamp: [Date.now() / 1000], status_code: statusCode };
}

/** An error a view throws to answer with a status and reasons in the {@link ErrorBody} shape. */
export class HttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly reasons: readonly unknown[],
  ) {
    super(reasons.map(String).join('; '));
    this.name = 'HttpError';
  }
}

/** One failed rule of a request schema, as Fastify's validator (Ajv) reports it. */
export interface ValidationIssue {
  readonly instancePath?: string;
  readonly keyword?: string;
  readonly message?: string;
  readonly params?: Record<string, unknown>;
}

/** A readable reason for one failed rule: `term is missing`, `limit must be >= 0`. */
export function validationReason(issue: ValidationIssue, context?: string): string {
  if (issue.keyword === 'required' && typeof issue.params?.missingProperty === 'string') {
    return `${issue.params.missingProperty} is missing`;
  }
  const name = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || context || 'request';
  return `${name} ${issue.message ?? 'is invalid'}`;
}

/** The reason of every error answered 500: the details go to the log, not to the client. */
export const INTERNAL_ERROR_REASON = 'Internal server error: see the dird log';

/**
 * The status and reasons of anything a route threw, for the common error body: an {@link HttpError} as it says,
 * a failed request schema as 400 with one reason per rule, a 4xx error with its message; anything else 500
 * (`internal` set: log it).
 */
export function errorAnswer(error: unknown): { status: number; reasons: unknown[]; internal: boolean } {
  if (error instanceof HttpError) return { status: error.statusCode, reasons: [...error.reasons], internal: false };
  const e = error as {
    validation?: ValidationIssue[];
    validationContext?: string;
    statusCode?: number;
    message?: string;
  };
  if (Array.isArray(e?.validation)) {
    return { status: 400, reasons: e.validation.map((v) => validationReason(v, e.validationContext)), internal: false };
  }
  if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
    return { status: e.statusCode, reasons: [e.message ?? 'Bad request'], internal: false };
  }
  return { status: 500, reasons: [INTERNAL_ERROR_REASON], internal: true };
}
