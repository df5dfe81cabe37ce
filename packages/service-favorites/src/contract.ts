import type { RequestContext, SourceResult } from '@dird/core';

/** Options of every favorites call: the request, whose user the favorites are. */
export interface FavoritesOptions {
  readonly context: RequestContext;
}

/** A user's favorites among a profile's sources: source name → the unique ids of its favorite contacts. */
export type FavoriteIds = ReadonlyMap<string, ReadonlySet<string>>;

/**
 * The `favorites` service's contract: what its `load` returns, and what views get with
 * `serviceRef<FavoritesService>('favorites')`. Import it as a type only. Favorites belong to the request's user
 * (`context.identity.userUuid`); the calls that change or list them refuse an anonymous request (401), and
 * answer 503 while the user store is down.
 */
export interface FavoritesService {
  /**
   * The user's favorites among the sources of `services.favorites.<profile>`, to mark lookup results. Empty for
   * an anonymous request or a profile without favorites sources. Rejects when the store fails or takes longer
   * than the profile's timeout.
   */
  favoriteIds(profile: string, options: FavoritesOptions): Promise<FavoriteIds>;
  /**
   * {@link FavoritesService.favoriteIds} when it is known at once (read before and unchanged in the store), else
   * undefined: then call `favoriteIds`. A lookup uses it to mark favorites without waiting on anything.
   */
  favoriteIdsNow?(profile: string, options: FavoritesOptions): FavoriteIds | undefined;
  /**
   * The user's favorite contacts of the profile, asked of their sources (`list`) under the profile's timeout, in
   * the profile's source order; a source that fails or is late counts as none.
   */
  favorites(profile: string, options: FavoritesOptions): Promise<SourceResult[]>;
  /** Marks contact `contactId` of source `source` as a favorite (no check that either exists, as xivo-dird). */
  add(source: string, contactId: string, options: FavoritesOptions): Promise<void>;
  /** Unmarks it; a 404 naming the contact and the source when it was not a favorite. */
  remove(source: string, contactId: string, options: FavoritesOptions): Promise<void>;
}
