import type { RequestContext, SourceResult } from '@dird/core';

/** Options of a reverse lookup. */
export interface ReverseOptions {
  /** The request: the user it is made for, its deadline (which caps the profile's timeout) and abort signal. */
  readonly context?: RequestContext;
}

/**
 * The `reverse` service's contract: what `ReverseServicePlugin.load` returns, and what views get with
 * `serviceRef<ReverseService>('reverse')`. Import it as a type only: plugins never import each other.
 */
export interface ReverseService {
  /** The contact whose number is `exten`: the first source in profile order that matched by the deadline. */
  reverse(profile: string, exten: string, options?: ReverseOptions): Promise<SourceResult | null>;
  /**
   * {@link ReverseService.reverse}, answering at once (no promise) when every source it waits for does (CSV
   * sources answer from memory): a view then sends the answer in the same turn, with no promise made. Optional:
   * a service without it is asked `reverse`.
   */
  reverseNow?(
    profile: string,
    exten: string,
    options?: ReverseOptions,
  ): SourceResult | null | Promise<SourceResult | null>;
}
