import type { SourceResult } from './source-result.js';

/** Options of a lookup. */
export interface LookupOptions {
  /** At most this many results (after `offset`). */
  readonly limit?: number;
  /** Skip this many results of the merged, ordered list. */
  readonly offset?: number;
  readonly userUuid?: string | null;
  /**
   * Aborted when the caller no longer needs the answer: the running source calls are told to stop. (The REST
   * views give none: a lookup is bounded by its profile timeout.)
   */
  readonly signal?: AbortSignal;
}

/** The object the `lookup` service plugin returns from `load`: what views call. */
export interface LookupService {
  /** Searches every source of the profile; results grouped by the profile's source order. */
  lookup(profile: string, term: string, options?: LookupOptions): Promise<SourceResult[]>;
  /** Whether `services.lookup.<profile>` is configured. */
  hasProfile(profile: string): boolean;
}

/** Options of a reverse lookup. */
export interface ReverseOptions {
  readonly userUuid?: string | null;
  readonly signal?: AbortSignal;
}

/** The object the `reverse` service plugin returns from `load`. */
export interface ReverseService {
  /** The contact whose number is `exten`: the first source in profile order that matched by the deadline. */
  reverse(profile: string, exten: string, options?: ReverseOptions): Promise<SourceResult | null>;
  hasProfile(profile: string): boolean;
}
