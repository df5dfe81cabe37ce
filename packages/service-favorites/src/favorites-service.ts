import {
  bounded,
  Deadline,
  failureReason,
  HttpError,
  ThrottledLog,
  type BaseSourcePlugin,
  type Logger,
  type Metrics,
  type RequestContext,
  type SourceResult,
} from '@dird/core';
import type { UserStore } from '@dird/service-user-store/contract';
import type { FavoriteIds, FavoritesOptions, FavoritesService } from './contract.js';

/** A profile ready to serve: its loaded sources in order, and its deadline. */
export interface FavoritesProfile {
  readonly sources: readonly BaseSourcePlugin[];
  readonly names: ReadonlySet<string>;
  readonly timeoutMs: number;
}

const NONE: FavoriteIds = new Map();

type FavoriteList = readonly { readonly source: string; readonly contactId: string }[];

/** The favorites of each user, kept in the user store; the contacts themselves are asked of their sources. */
export class StoredFavoritesService implements FavoritesService {
  private readonly drops: ThrottledLog;
  /**
   * The ids by profile of each list of favorites the store answered: the store answers the same list while it
   * has not changed, so a lookup mostly finds its ids made already.
   */
  private readonly idsOf = new WeakMap<FavoriteList, Map<string, FavoriteIds>>();

  constructor(
    private readonly store: UserStore,
    private readonly profiles: ReadonlyMap<string, FavoritesProfile>,
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {
    this.drops = new ThrottledLog(logger);
  }

  async favoriteIds(profile: string, options: FavoritesOptions): Promise<FavoriteIds> {
    const known = this.favoriteIdsNow(profile, options);
    if (known !== undefined) return known;
    const user = options.context.identity.userUuid!;
    const config = this.profiles.get(profile)!;
    const favorites = await bounded(this.store.listFavorites(user), {
      ms: config.timeoutMs,
      what: `reading the favorites of profile ${profile}`,
    });
    return this.idsIn(favorites, profile, config);
  }

  favoriteIdsNow(profile: string, { context }: FavoritesOptions): FavoriteIds | undefined {
    const user = context.identity.userUuid;
    const config = this.profiles.get(profile);
    if (!user || !config || config.sources.length === 0) return NONE;
    const favorites = this.store.favoritesNow?.(user);
    return favorites === undefined ? undefined : this.idsIn(favorites, profile, config);
  }

  private idsIn(favorites: FavoriteList, profile: string, config: FavoritesProfile): FavoriteIds {
    let byProfile = this.idsOf.get(favorites);
    if (!byProfile) this.idsOf.set(favorites, (byProfile = new Map()));
    let ids = byProfile.get(profile);
    if (!ids) byProfile.set(profile, (ids = idsAmong(favorites, config.names)));
    return ids;
  }

  async favorites(profile: string, options: FavoritesOptions): Promise<SourceResult[]> {
    userOf(options.context);
    const config = this.profiles.get(profile);
    if (!config) return [];
    const ids = await this.favoriteIds(profile, options);
    if (ids.size === 0) return [];
    const { context } = options;
    const deadline = new Deadline(config.timeoutMs, { context, metrics: this.metrics });
    const args = deadline.sourceArgs({}, context);
    const asked = config.sources.filter((s) => ids.has(s.name));
    let outcomes;
    try {
      outcomes = await Promise.all(
        asked.map((source) =>
          deadline.run(() => source.list([...ids.get(source.name)!], args), { source, call: 'list' }),
        ),
      );
    } finally {
      deadline.release();
    }
    const results: SourceResult[] = [];
    outcomes.forEach((outcome, i) => {
      if (outcome.status === 'ok' && Array.isArray(outcome.value)) {
        // One at a time: a spread passes each as an argument, and a call takes only so many (a unique column
        // that is not, where one favorite names a hundred thousand contacts, threw RangeError).
        for (const result of outcome.value as SourceResult[]) results.push(result);
        return;
      }
      // Stopped because the client went away: nobody reads this answer, and the source did nothing wrong.
      if (outcome.status === 'cancelled') return;
      const source = asked[i];
      this.drops.warn(
        `${source.name}:${outcome.status}`,
        { profile, source: source.name, backend: source.backend, outcome: outcome.status },
        `favorites of profile ${profile}: source ${source.name} (${source.backend}) dropped: ` +
          (outcome.status === 'ok' ? 'list did not return a list' : failureReason(outcome, deadline.ms, 'list')),
      );
    });
    return results;
  }

  async add(source: string, contactId: string, { context }: FavoritesOptions): Promise<void> {
    await this.store.addFavorite(userOf(context), { source, contactId });
  }

  async remove(source: string, contactId: string, { context }: FavoritesOptions): Promise<void> {
    if (!(await this.store.removeFavorite(userOf(context), { source, contactId }))) {
      throw new HttpError(404, [`No such favorite: contact \`${contactId}\` of directory \`${source}\``]);
    }
  }
}

/** The ids of the favorites of `sources`, by source. */
function idsAmong(favorites: FavoriteList, sources: ReadonlySet<string>): FavoriteIds {
  const ids = new Map<string, Set<string>>();
  for (const { source, contactId } of favorites) {
    if (!sources.has(source)) continue;
    let set = ids.get(source);
    if (!set) ids.set(source, (set = new Set()));
    set.add(contactId);
  }
  return ids;
}

/** The request's user; a 401 for an anonymous request (favorites belong to a user). */
function userOf(context: RequestContext): string {
  const user = context.identity.userUuid;
  if (!user) throw new HttpError(401, ['Favorites belong to a user: this request has none (no authentication)']);
  return user;
}
