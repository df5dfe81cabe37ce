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
