/**
 * A personal contact as stored: attribute name → value, `id` included. Values are strings; keys are ASCII
 * (the personal service checks both before anything is stored).
 */
export type ContactFields = Readonly<Record<string, string>>;

/** One favorite: a contact of a source, by the source's name and the contact's unique id. */
export interface FavoriteKey {
  /** The source name (`relations.source` of a lookup result; `{directory}` in the favorites URLs). */
  readonly source: string;
  /** The contact's unique id in that source (`relations.source_entry_id`). */
  readonly contactId: string;
}

/** A search of a user's personal contacts. */
export interface ContactSearch {
  /** The term as typed: the store ignores case and accents. Empty lists every contact. */
  readonly term: string;
  /** The attributes searched. */
  readonly columns: readonly string[];
  /** At most this many contacts, after `offset`. */
  readonly limit?: number;
  readonly offset?: number;
}

/** A reverse lookup among a user's personal contacts. */
export interface NumberSearch {
  /** Spellings of the number (the reverse service's candidates): formatting is ignored on both sides. */
  readonly candidates: readonly string[];
  /** The attributes compared. */
  readonly columns: readonly string[];
}

/**
 * The longest values the store holds, in characters: the services answer 400 past them (naming the limit)
 * rather than let a database cut a value.
 */
export interface StoreLimits {
  /** A user id (the token's user uuid). */
  readonly user: number;
  /** A source name, in a favorite. */
  readonly source: number;
  /** A contact id, in a favorite. */
  readonly contactId: number;
  /** An attribute name of a personal contact. */
  readonly attributeName: number;
  /** An attribute value of a personal contact. */
  readonly value: number;
  /** The most attributes one personal contact has. */
  readonly attributes: number;
}

/** Whether the store can be used now. */
export type StoreState = 'connecting' | 'up' | 'down';

/** The store's state, for logs, tests and a status view. */
export interface StoreStatus {
  readonly state: StoreState;
  /** `sqlite` or `mysql`. */
  readonly driver: string;
  /** Where it is: the SQLite file, or `user@host:port/database` (never the password). */
  readonly location: string;
  /** The schema version in use once migrated, else null. */
  readonly schemaVersion: number | null;
  /** Why it is not up. */
  readonly reason?: string;
  /** When the state last changed (ISO 8601). */
  readonly since: string;
}

/**
 * The `user_store` service's contract: favorites and personal contacts, per user. What its `load` returns, and
 * what the `favorites` and `personal` services and the `personal` backend get with
 * `serviceRef<UserStore>('user_store')`. Import it as a type only.
 *
 * `user` is the user's uuid (the token's user). Every call only ever reads or changes that user's data. A call
 * made while the store is unreachable rejects at once with a 503 `HttpError` (`DIRD_ERR_STORE_UNAVAILABLE`);
 * the store is retried in the background and used again as soon as it answers.
 */
export interface UserStore {
  /** Whether the store is up, and where it is. */
  status(): StoreStatus;
  /** The longest values it holds. */
  readonly limits: StoreLimits;

  /**
   * The user's favorites (ordered by source, then contact id). The same list object is answered again while
   * they have not changed (a lookup reads them every time): never change it.
   */
  listFavorites(user: string): Promise<readonly FavoriteKey[]>;
  /**
   * The user's favorites when they are known without asking the store (read before, and the store tells
   * cheaply that nothing changed since); undefined otherwise: then call {@link UserStore.listFavorites}. Lets a
   * lookup mark favorites without a promise or a timer (docs/benchmarks.md, finding 18).
   */
  favoritesNow?(user: string): readonly FavoriteKey[] | undefined;
  /** Marks a favorite (nothing changes when it already is one). */
  addFavorite(user: string, favorite: FavoriteKey): Promise<void>;
  /** Unmarks a favorite; false when it was none. */
  removeFavorite(user: string, favorite: FavoriteKey): Promise<boolean>;

  /**
   * Stores new contacts, all or none, each under a new id (an `id` in the fields is replaced); returns them as
   * stored, in order.
   */
  createContacts(user: string, contacts: readonly ContactFields[]): Promise<ContactFields[]>;
  /** One contact, or undefined. */
  getContact(user: string, id: string): Promise<ContactFields | undefined>;
  /** Replaces a contact's fields whole, keeping its id; undefined when there is no such contact. */
  replaceContact(user: string, id: string, fields: ContactFields): Promise<ContactFields | undefined>;
  /** Deletes a contact; false when there is no such contact. */
  deleteContact(user: string, id: string): Promise<boolean>;
  /** Deletes every contact of the user; returns how many there were. */
  purgeContacts(user: string): Promise<number>;
  /** The user's contacts in the order they were created; with `ids`, only those (unknown ids are skipped). */
  listContacts(user: string, ids?: readonly string[]): Promise<ContactFields[]>;
  /** Contacts with the term in a searched attribute (ignoring case and accents), in creation order. */
  searchContacts(user: string, search: ContactSearch): Promise<ContactFields[]>;
  /** The first contact (in creation order) holding one of the numbers in a compared attribute. */
  findContactByNumber(user: string, search: NumberSearch): Promise<ContactFields | undefined>;
}
