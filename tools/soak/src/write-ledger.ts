/** What the soak knows of one favorite: set or not, and whether an answer said so (a failed write leaves doubt). */
interface FavoriteState {
  on: boolean;
  certain: boolean;
}

/** A write the daemon answered 2xx and that is not where it should be. */
export interface LostWrite {
  readonly user: string;
  readonly what: string;
  /** Where it was missed: `api`, `store`, or `answer` (a later answer contradicted it). */
  readonly where: string;
}

/**
 * The writes each user made and the daemon acknowledged: favorites (set or removed, the last acknowledged
 * write per contact wins) and personal contacts created. Each user's writes come from one client, one at a time,
 * so their order is the order of the answers. A write without an answer leaves that favorite in doubt until
 * the next acknowledged write of it; doubtful ones are not checked.
 */
export class WriteLedger {
  private readonly favorites = new Map<string, Map<string, FavoriteState>>();
  private readonly contacts = new Map<string, Map<string, Record<string, string>>>();
  readonly lost: LostWrite[] = [];
  acknowledged = 0;

  /** Whether the user's favorite `key` (`source/id`) is known to be set. */
  isFavorite(user: string, key: string): boolean {
    return this.favoritesOf(user).get(key)?.on ?? false;
  }

  /** A favorite write's outcome: `status` undefined when no answer came. */
  favoriteAnswered(user: string, key: string, op: 'PUT' | 'DELETE', status: number | undefined): void {
    const states = this.favoritesOf(user);
    const before = states.get(key);
    if (op === 'PUT' && status === 204) {
      states.set(key, { on: true, certain: true });
      this.acknowledged++;
    } else if (op === 'DELETE' && (status === 204 || status === 404)) {
      if (status === 404 && before?.on && before.certain) {
        this.lost.push({ user, what: `favorite ${key}`, where: 'answer (DELETE said 404 after a PUT answered 204)' });
      }
      states.set(key, { on: false, certain: true });
      if (status === 204) this.acknowledged++;
    } else {
      // No answer, or an error: the write may or may not have happened.
      states.set(key, { on: before?.on ?? false, certain: false });
    }
  }

  /** A personal contact the daemon created (201) with `fields`. */
  contactCreated(user: string, id: string, fields: Record<string, string>): void {
    let mine = this.contacts.get(user);
    if (!mine) this.contacts.set(user, (mine = new Map()));
    mine.set(id, fields);
    this.acknowledged++;
  }

  /** The users who wrote anything. */
  users(): string[] {
    return [...new Set([...this.favorites.keys(), ...this.contacts.keys()])];
  }

  /**
   * Compares what `where` holds for `user` (favorite keys, personal contacts by id) with the acknowledged
   * writes; records and returns the lost ones.
   */
  check(
    user: string,
    where: string,
    found: { favorites: ReadonlySet<string>; contacts: ReadonlyMap<string, Readonly<Record<string, string>>> },
  ): LostWrite[] {
    const lost: LostWrite[] = [];
    for (const [key, state] of this.favoritesOf(user)) {
      if (!state.certain || state.on === found.favorites.has(key)) continue;
      lost.push({ user, what: `favorite ${key} ${state.on ? 'set' : 'removed'}`, where });
    }
    for (const [id, fields] of this.contacts.get(user) ?? []) {
      const there = found.contacts.get(id);
      if (!there) lost.push({ user, what: `personal contact ${id}`, where });
      else if (Object.entries(fields).some(([k, v]) => there[k] !== v)) {
        lost.push({ user, what: `personal contact ${id} (fields differ)`, where });
      }
    }
    this.lost.push(...lost);
    return lost;
  }

  /** Distinct lost writes (one write missed by both the API and the store counts once). */
  lostCount(): number {
    return new Set(this.lost.map((l) => `${l.user} ${l.what}`)).size;
  }

  /** Favorites in doubt (a write without an answer) and contacts acknowledged, for the report. */
  figures(): { doubtfulFavorites: number; contacts: number; favoritesSet: number } {
    let doubtfulFavorites = 0;
    let favoritesSet = 0;
    for (const states of this.favorites.values()) {
      for (const s of states.values()) {
        if (!s.certain) doubtfulFavorites++;
        else if (s.on) favoritesSet++;
      }
    }
    let contacts = 0;
    for (const c of this.contacts.values()) contacts += c.size;
    return { doubtfulFavorites, contacts, favoritesSet };
  }

  private favoritesOf(user: string): Map<string, FavoriteState> {
    let states = this.favorites.get(user);
    if (!states) this.favorites.set(user, (states = new Map()));
    return states;
  }
}
