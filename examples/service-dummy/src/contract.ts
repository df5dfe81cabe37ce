import type { RequestContext, SourceResult } from '@dird/core';

/**
 * The `dummy` service's contract: what its `load` returns, and what a view or another service gets with
 * `serviceRef<DummyService>('dummy')` in its `needs`. They import it as a type only
 * (`import type { DummyService } from '@dird/service-dummy/contract'`): plugins never import each other.
 */
export interface DummyService {
  /** The contacts this service knows: none. */
  list(options?: { context?: RequestContext }): Promise<SourceResult[]>;
}
