import type { Logger } from '@dird/core';
import type { ContactFields, FavoriteKey } from './contract.js';

/**
 * `@dird/service-user-store/driver`: what a store driver package (`@dird/store-sqlite`, `@dird/store-mysql`)
 * implements. The `user_store` service picks the driver by the scheme of `db_uri`, imports its package, and
 * wraps it: availability, retries, ids, folding and number keys are the service's; a driver only stores and
 * queries. Import it as a type only.
 */

/** One attribute of a contact as reverse lookups compare it. */
export interface IndexedValue {
  /** The attribute name. */
  readonly name: string;
  /** The value as a reverse lookup compares it (formatting removed from a phone number). */
  readonly numberKey: string;
}

/** A contact ready to be stored: its fields (with `id`), its search text, its number keys. */
export interface StoredContact {
  readonly id: string;
  readonly fields: ContactFields;
  /**
   * Every non-empty value, case and accents folded (`Pépé` → `pepe`), each after a `\x1f` (a character no
   * search term holds, so a term never matches across two values): what a search term is looked for in.
   */
  readonly search: string;
  /** One per non-empty attribute that has a number key. */
  readonly index: readonly IndexedValue[];
}

/** A search as a driver runs it: the folded term (not empty), after the contact `afterSeq`, at most `limit`. */
export interface CandidateSearch {
  readonly folded: string;
  readonly afterSeq: number;
  readonly limit: number;
}

/** A contact with its place in creation order (`seq`, increasing). */
export interface SequencedContact {
  readonly seq: number;
  readonly fields: ContactFields;
}

/** A reverse lookup as a driver runs it: the number keys of every candidate spelling. */
export interface NumberKeySearch {
  readonly keys: readonly string[];
  readonly columns: readonly string[];
}

/** What applying the migrations did. */
export interface MigrationOutcome {
  /** The schema version found before. */
  readonly from: number;
  /** The schema version now. */
  readonly to: number;
}

/** A store of favorites and personal contacts. Every method may throw; {@link StoreDriver.isUnavailable} says how. */
export interface StoreDriver {
  /** `sqlite` or `mysql`. */
  readonly kind: string;
  /** Where the data is (a file, `user@host:port/database`), never a password. */
  readonly location: string;
  /** Makes sure the store can be used: opens the file or the pool, and checks it answers. */
  open(): Promise<void>;
  /**
   * Brings the schema to the driver's latest version, creating the tables in an empty database. Safe when
   * several daemons run it at once. Throws when the database holds a newer version than the driver knows.
   */
  migrate(): Promise<MigrationOutcome>;
  /** Releases the file or the connections. */
  close(): Promise<void>;
  /** True when `err` means the store cannot be reached (as opposed to a mistake in a statement). */
  isUnavailable(err: unknown): boolean;
  /**
   * A number that changes whenever another connection may have changed the data (SQLite's `PRAGMA
   * data_version`), read in a microsecond: the store then keeps what it read until it changes. Absent when
   * the driver cannot tell cheaply (MySQL: another daemon writes at any time): every read goes to the store.
   */
  changeMark?(): number;

  listFavorites(user: string): Promise<FavoriteKey[]>;
  addFavorite(user: string, favorite: FavoriteKey): Promise<void>;
  /** False when it was not a favorite. */
  removeFavorite(user: string, favorite: FavoriteKey): Promise<boolean>;

  /** Inserts the contacts in one transaction. */
  insertContacts(user: string, contacts: readonly StoredContact[]): Promise<void>;
  /** Replaces a contact's fields and index, keeping its place; false when there is no such contact. */
  replaceContact(user: string, contact: StoredContact): Promise<boolean>;
  /** False when there is no such contact. */
  deleteContact(user: string, id: string): Promise<boolean>;
  /** Returns how many contacts were deleted. */
  purgeContacts(user: string): Promise<number>;
  /** Contacts in creation order; with `ids`, only those. */
  contacts(user: string, ids?: readonly string[]): Promise<ContactFields[]>;
  /**
   * Contacts whose search text holds the folded term, in creation order, after `afterSeq`, at most `limit`: the
   * service keeps those whose searched attributes hold it.
   */
  searchCandidates(user: string, search: CandidateSearch): Promise<SequencedContact[]>;
  /** The first contact in creation order holding one of the keys in one of the columns. */
  contactByNumber(user: string, search: NumberKeySearch): Promise<ContactFields | undefined>;
  /** Contacts in creation order, from `offset`, at most `limit`. */
  contactPage(user: string, limit: number, offset: number): Promise<ContactFields[]>;
}

/** Where a SQLite store is. */
export interface SqliteTarget {
  readonly kind: 'sqlite';
  /** The absolute path of the database file. */
  readonly file: string;
}

/** Where a MySQL/MariaDB store is. */
export interface MysqlTarget {
  readonly kind: 'mysql';
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** TLS, when `db_uri` asks for it (`ssl_ca`, `ssl_cert`, `ssl_key`, `ssl_verify_cert`). */
  readonly tls?: {
    readonly caFile?: string;
    readonly certFile?: string;
    readonly keyFile?: string;
    readonly verify: boolean;
  };
}

/** Where the store is, from `db_uri`. */
export type StoreTarget = SqliteTarget | MysqlTarget;

/** What a driver gets besides its target. */
export interface DriverOptions {
  readonly logger: Logger;
  /** MySQL: the most connections to open. */
  readonly poolSize: number;
  readonly connectTimeoutMs: number;
  readonly queryTimeoutMs: number;
}

/** What a driver package exports: `createStoreDriver`. */
export interface StoreDriverModule<T extends StoreTarget = StoreTarget> {
  createStoreDriver(target: T, options: DriverOptions): StoreDriver;
}
