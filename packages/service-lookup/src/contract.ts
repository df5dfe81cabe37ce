import type { RequestContext, SourceResult } from '@dird/core';

/** Options of a lookup. */
export interface LookupOptions {
  /** At most this many results (after `offset`). */
  readonly limit?: number;
  /** Skip this many results of the merged, ordered list. */
  readonly offset?: number;
  /** The request: its user, its deadline (which caps the profile's timeout) and its abort signal. */
  readonly context?: RequestContext;
}

/**
 * The `lookup` service's contract: what `LookupServicePlugin.load` returns, and what views and other services
 * get with `serviceRef<LookupService>('lookup')`. Import it as a type only: plugins never import each other.
 */
export interface LookupService {
  /** Searches every source of the profile; results grouped by the profile's source order. */
  lookup(profile: string, term: string, options?: LookupOptions): Promise<SourceResult[]>;
  /**
   * {@link LookupService.lookup}, answering at once (no promise) when every source does (CSV sources answer
   * from memory): a view then sends the answer in the same turn, with no promise made. Optional: a service
   * without it is asked `lookup`.
   */
  lookupNow?(profile: string, term: string, options?: LookupOptions): SourceResult[] | Promise<SourceResult[]>;
}
