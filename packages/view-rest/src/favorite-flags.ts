import {
  describeError,
  ThrottledLog,
  type Display,
  type Logger,
  type RequestContext,
  type SourceResult,
} from '@dird/core';
import type { FavoriteIds, FavoritesService } from '@dird/service-favorites/contract';

/**
 * Marks lookup results as favorites: the user's favorite ids are read while the lookup runs, and only when they
 * can matter (a favorites service, a user, a display with a `favorite` column), so a lookup without them costs
 * nothing more. Known ids (read before and unchanged in the store) are answered at once, without a promise. When
 * they cannot be read, every result is marked false and the lookup still answers.
 */
export class FavoriteFlags {
  private readonly failures: ThrottledLog;

  constructor(
    private readonly favorites: FavoritesService | undefined,
    logger: Logger,
  ) {
    this.failures = new ThrottledLog(logger);
  }

  /** The user's favorite ids for `profile`, or undefined when nothing needs them or they cannot be read. */
  read(
    profile: string,
    display: Display,
    context: RequestContext,
  ): FavoriteIds | Promise<FavoriteIds | undefined> | undefined {
    const favorites = this.favorites;
    if (!favorites || !display.hasFavoriteColumn || context.identity.userUuid === null) return undefined;
    const known = favorites.favoriteIdsNow?.(profile, { context });
    if (known !== undefined) return known;
    return favorites.favoriteIds(profile, { context }).catch((err: unknown) => {
      this.failures.warn(
        `favorites:${profile}`,
        { profile, err: describeError(err) },
        `lookup in profile ${profile}: favorites not marked: ${describeError(err)}`,
      );
      return undefined;
    });
  }
}

/** True when `result` is one of the favorites. */
export function isFavorite(ids: FavoriteIds | undefined, result: SourceResult): boolean {
  if (ids === undefined) return false;
  const own = ids.get(result.source);
  if (own === undefined || own.size === 0) return false;
  // An empty id never counts: a set without one can be asked as it is.
  if (result.entryIdIn !== undefined && !own.has('')) return result.entryIdIn(own);
  const id = result.relations.source_entry_id;
  return id !== null && id !== '' && own.has(id);
}
