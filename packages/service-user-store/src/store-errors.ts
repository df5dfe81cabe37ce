import { HttpError } from '@dird/core';

/** The stable code of a call refused because the store cannot be reached (answered 503). */
export const STORE_UNAVAILABLE = 'DIRD_ERR_STORE_UNAVAILABLE';

/** A call made while the store is down, starting, or failing: the per-user routes answer 503 with it. */
export class StoreUnavailableError extends HttpError {
  readonly code = STORE_UNAVAILABLE;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(503, [`The user store is unavailable: ${reason}`]);
    this.name = 'StoreUnavailableError';
    if (options?.cause !== undefined) this.cause = options.cause;
  }
}
