import { randomUUID } from 'node:crypto';
import { describeError, fold, HealthTracker, HttpError, ThrottledLog, type Health, type Logger } from '@dird/core';
import type {
  ContactFields,
  ContactSearch,
  FavoriteKey,
  NumberSearch,
  StoreLimits,
  StoreState,
  StoreStatus,
  UserStore,
} from './contract.js';
import type { IndexedValue, StoreDriver, StoredContact } from './driver.js';
import { numberKey } from './number-key.js';
import { STORE_LIMITS } from './limits.js';
import { StoreUnavailableError } from './store-errors.js';

/** Options of a {@link ManagedUserStore}. */
export interface ManagedStoreOptions {
  readonly logger: Logger;
  /** Milliseconds between two attempts while the store is down. */
  readonly retryIntervalMs: number;
  /** Added to "unavailable" reasons: what to change when it will not come up by itself (`set db_uri`). */
  readonly hint?: string;
}

/** While the store stays down, "still down" is logged at most this often. */
const STILL_DOWN_EVERY_MS = 60_000;
/** Candidates of a search read at a time: twice the page asked for, within these bounds. */
const CANDIDATE_PAGE_MIN = 64;
const CANDIDATE_PAGE_MAX = 2000;
/** The most users whose favorites are kept in memory (the least recently read are dropped). */
const CACHED_USERS = 10_000;
/** How long a change mark read is trusted (ms): another process's writes to the store show within this time. */
const MARK_REFRESH_MS = 100;

/** A user's favorites as last read, and what the store looked like then. */
interface CachedFavorites {
  readonly mark: number;
  readonly writes: number;
  readonly favorites: readonly FavoriteKey[];
}

/**
 * The `user_store` service object: a driver, kept usable. It opens and migrates the store at start and, when that
 * fails or the store later stops answering, refuses calls at once (503) and retries in the background every
 * `retry_interval` until the store answers again; nothing waits on a store that is down, and nothing needs a
 * restart. It also gives contacts their ids and the folded and number forms searches use.
 */
export class ManagedUserStore implements UserStore {
  readonly limits: StoreLimits = STORE_LIMITS;
  private state: StoreState = 'connecting';
  private reason: string | undefined = 'connecting for the first time';
  private since = new Date();
  private schemaVersion: number | null = null;
  private timer: NodeJS.Timeout | undefined;
  private attempt: Promise<void> | undefined;
  private lastStillDownLog = 0;
  private stopped = false;
  /** Favorites read, by user: valid while the driver's change mark and this store's own writes are the same. */
  private readonly favoriteCache = new Map<string, CachedFavorites>();
  private writes = 0;
  /** The last change mark read, and when (performance.now()): read again at most every MARK_REFRESH_MS. */
  private lastMark: number | undefined;
  private markReadAt = -Infinity;
  private readonly failures: ThrottledLog;
  private readonly tracker: HealthTracker;

  constructor(
    private readonly driver: StoreDriver,
    private readonly options: ManagedStoreOptions,
  ) {
    this.failures = new ThrottledLog(options.logger);
    this.tracker = new HealthTracker(`${driver.kind} ${driver.location}`);
  }

  /** For the status route: failing while the store is down, with the last failure and the last call that worked. */
  health(): Health {
    return this.tracker.current;
  }

  /** The first attempt to open and migrate; when it fails the store is down and retried in the background. */
  start(): Promise<void> {
    return this.connect();
  }

  /** Stops the retries and releases the driver. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.favoriteCache.clear();
    clearTimeout(this.timer);
    await this.attempt?.catch(() => undefined);
    await this.driver.close();
  }

  status(): StoreStatus {
    return {
      state: this.state,
      driver: this.driver.kind,
      location: this.driver.location,
      schemaVersion: this.schemaVersion,
      ...(this.reason === undefined ? {} : { reason: this.reason }),
      since: this.since.toISOString(),
    };
  }

  /**
   * Every lookup of a user reads their favorites: with a driver that can tell cheaply whether the data changed
   * (SQLite), they are read from the store only when it did (docs/benchmarks.md).
   */
  listFavorites(user: string): Promise<readonly FavoriteKey[]> {
    const known = this.favoritesNow(user);
    if (known !== undefined) return Promise.resolve(known);
    const mark = this.state === 'up' ? this.changeMark() : undefined;
    this.lastMark = mark;
    this.markReadAt = performance.now();
    if (mark === undefined) return this.run(() => this.driver.listFavorites(checkedUser(user)));
    const writes = this.writes;
    return this.run(() => this.driver.listFavorites(checkedUser(user))).then((favorites) => {
      this.favoriteCache.delete(user);
      this.favoriteCache.set(user, { mark, writes, favorites });
      if (this.favoriteCache.size > CACHED_USERS) this.favoriteCache.delete(this.favoriteCache.keys().next().value!);
      return favorites;
    });
  }

  async addFavorite(user: string, favorite: FavoriteKey): Promise<void> {
    checkFavorite(favorite);
    await this.run(() => this.driver.addFavorite(checkedUser(user), favorite));
    this.writes++;
  }

  async removeFavorite(user: string, favorite: FavoriteKey): Promise<boolean> {
    const removed = await this.run(() => this.driver.removeFavorite(checkedUser(user), favorite));
    this.writes++;
    return removed;
  }

  /**
   * The favorites read before, while this daemon wrote nothing since and the driver's change mark says no one
   * else did either. The mark is read at most every {@link MARK_REFRESH_MS}: a write by another process on the
   * same SQLite file shows within that time, this daemon's own writes at once.
   */
  favoritesNow(user: string): readonly FavoriteKey[] | undefined {
    if (this.state !== 'up') return undefined;
    const cached = this.favoriteCache.get(user);
    if (cached === undefined || cached.writes !== this.writes) return undefined;
    const now = performance.now();
    if (now - this.markReadAt >= MARK_REFRESH_MS) {
      this.lastMark = this.changeMark();
      this.markReadAt = now;
    }
    return this.lastMark !== undefined && cached.mark === this.lastMark ? cached.favorites : undefined;
  }

  /** The driver's change mark, or undefined when it has none or cannot read it now. */
  private changeMark(): number | undefined {
    try {
      return this.driver.changeMark?.();
    } catch {
      return undefined;
    }
  }

  async createContacts(user: string, contacts: readonly ContactFields[]): Promise<ContactFields[]> {
    const stored = contacts.map((fields) => storedContact(randomUUID(), fields));
    if (stored.length > 0) await this.run(() => this.driver.insertContacts(checkedUser(user), stored));
    return stored.map((c) => c.fields);
  }

  /**
   * Stores contacts that keep the ids they had elsewhere (xivo-dird's Consul, `dird-import-consul`): those whose
   * id the user has already are left as they are, so an import run again adds nothing.
   */
  async restoreContacts(user: string, contacts: readonly ContactFields[]): Promise<{ added: number; present: number }> {
    if (contacts.length === 0) return { added: 0, present: 0 };
    const ids = contacts.map((c) => String(c.id));
    const had = await this.run(() => this.driver.contacts(checkedUser(user), ids));
    const present = new Set(had.map((c) => String(c.id)));
    const fresh = contacts.filter((c) => !present.has(String(c.id))).map((c) => storedContact(String(c.id), c));
    if (fresh.length > 0) await this.run(() => this.driver.insertContacts(checkedUser(user), fresh));
    return { added: fresh.length, present: contacts.length - fresh.length };
  }

  async getContact(user: string, id: string): Promise<ContactFields | undefined> {
    const [contact] = await this.run(() => this.driver.contacts(checkedUser(user), [id]));
    return contact;
  }

  async replaceContact(user: string, id: string, fields: ContactFields): Promise<ContactFields | undefined> {
    const contact = storedContact(id, fields);
    const replaced = await this.run(() => this.driver.replaceContact(checkedUser(user), contact));
    return replaced ? contact.fields : undefined;
  }

  deleteContact(user: string, id: string): Promise<boolean> {
    return this.run(() => this.driver.deleteContact(checkedUser(user), id));
  }

  purgeContacts(user: string): Promise<number> {
    return this.run(() => this.driver.purgeContacts(checkedUser(user)));
  }

  listContacts(user: string, ids?: readonly string[]): Promise<ContactFields[]> {
    if (ids !== undefined && ids.length === 0) return Promise.resolve([]);
    return this.run(() => this.driver.contacts(checkedUser(user), ids));
  }

  /**
   * The store finds the contacts holding the term in any value; those holding it in a searched column are kept,
   * page after page of candidates, until the page asked for is full.
   */
  async searchContacts(user: string, search: ContactSearch): Promise<ContactFields[]> {
    const limit = search.limit ?? Number.MAX_SAFE_INTEGER;
    const offset = search.offset ?? 0;
    // Control characters never match: `\x1f` separates the values of the search text.
    const folded = fold(search.term.replace(/[\x00-\x1f]/g, ''));
    if (limit <= 0) return [];
    if (folded === '') return this.run(() => this.driver.contactPage(checkedUser(user), limit, offset));
    const { columns } = search;
    if (columns.length === 0) return [];
    const wanted = offset + limit;
    const page = Math.min(CANDIDATE_PAGE_MAX, Math.max(CANDIDATE_PAGE_MIN, wanted * 2));
    const found: ContactFields[] = [];
    for (let afterSeq = 0; ;) {
      const candidates = await this.run(() =>
        this.driver.searchCandidates(checkedUser(user), { folded, afterSeq, limit: page }),
      );
      for (const { fields } of candidates) {
        if (columns.some((c) => Object.hasOwn(fields, c) && fold(fields[c]).includes(folded))) found.push(fields);
        if (found.length >= wanted) return found.slice(offset, wanted);
      }
      if (candidates.length < page) return found.slice(offset, wanted);
      afterSeq = candidates[candidates.length - 1].seq;
    }
  }

  findContactByNumber(user: string, search: NumberSearch): Promise<ContactFields | undefined> {
    const keys = [...new Set(search.candidates.map(numberKey).filter((k): k is string => k !== null && k !== ''))];
    if (keys.length === 0 || search.columns.length === 0) return Promise.resolve(undefined);
    return this.run(() => this.driver.contactByNumber(checkedUser(user), { keys, columns: search.columns }));
  }

  /** Runs a driver call when the store is up; a failure that says it is unreachable puts it down. */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.state !== 'up') throw new StoreUnavailableError(this.unavailableReason());
    try {
      const answer = await call();
      this.tracker.ok();
      return answer;
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (this.driver.isUnavailable(err)) {
        this.goDown(err);
        throw new StoreUnavailableError(this.unavailableReason(), { cause: err });
      }
      this.failures.warn('call', { err: describeError(err) }, `user store call failed: ${describeError(err)}`);
      this.tracker.failed(`a call failed: ${describeError(err)}`);
      throw new StoreUnavailableError(`a call failed (${describeError(err)})`, { cause: err });
    }
  }

  private unavailableReason(): string {
    const why = this.state === 'connecting' ? 'connecting' : (this.reason ?? 'down');
    return `${why}; retrying every ${this.options.retryIntervalMs / 1000} s`;
  }

  /** Opens and migrates; on success the store is up, else down with a retry scheduled. */
  private connect(): Promise<void> {
    this.attempt ??= (async () => {
      try {
        await this.driver.open();
        const { from, to } = await this.driver.migrate();
        if (from !== to) {
          this.options.logger.info({ from, to }, `user store schema migrated from version ${from} to ${to}`);
        }
        this.goUp(to);
      } catch (err) {
        this.goDown(err);
      } finally {
        this.attempt = undefined;
      }
    })();
    return this.attempt;
  }

  private goUp(version: number): void {
    const was = this.state;
    // The store may have been replaced while it was away (a restored backup): read everything again.
    this.favoriteCache.clear();
    this.state = 'up';
    this.tracker.ok();
    this.reason = undefined;
    this.schemaVersion = version;
    this.since = new Date();
    const where = `${this.driver.kind} ${this.driver.location}`;
    if (was === 'down') this.options.logger.info({ store: where }, `user store back in use (${where})`);
    else this.options.logger.info({ store: where, version }, `user store ready (${where}, schema version ${version})`);
  }

  private goDown(err: unknown): void {
    const reason = describeError(err) + (this.options.hint ? ` (${this.options.hint})` : '');
    const where = `${this.driver.kind} ${this.driver.location}`;
    const wasUp = this.state === 'up';
    if (this.state !== 'down') {
      this.state = 'down';
      this.since = new Date();
      this.lastStillDownLog = Date.now();
      this.options.logger.error(
        { store: where, err: describeError(err) },
        `user store unavailable (${where}): ${reason}; per-user routes answer 503 and lookups go on without ` +
          `personal contacts and favorites until it answers again (retrying every ${this.options.retryIntervalMs / 1000} s)`,
      );
    } else if (Date.now() - this.lastStillDownLog >= STILL_DOWN_EVERY_MS) {
      this.lastStillDownLog = Date.now();
      this.options.logger.warn({ store: where, err: describeError(err) }, `user store still unavailable: ${reason}`);
    }
    this.reason = reason;
    this.tracker.failed(reason);
    // A store that was up is tried again at once: a server restart or a dropped connection is over by then.
    this.scheduleRetry(wasUp ? 0 : this.options.retryIntervalMs);
  }

  private scheduleRetry(delayMs: number): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (!this.stopped && this.state !== 'up') void this.connect();
    }, delayMs);
    this.timer.unref();
  }
}

/** A contact as the driver stores it: its fields with `id`, its search text and number keys. */
function storedContact(id: string, input: ContactFields): StoredContact {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(input)) {
    // defineProperty: a `__proto__` attribute stays an attribute.
    if (name !== 'id') {
      Object.defineProperty(fields, name, { value, enumerable: true, writable: true, configurable: true });
    }
  }
  fields.id = id;
  const index: IndexedValue[] = [];
  let search = '';
  for (const [name, value] of Object.entries(fields)) {
    if (value === '') continue;
    search += `\x1f${fold(value)}`;
    const key = numberKey(value);
    if (key !== null && key !== '') index.push({ name, numberKey: key });
  }
  return { id, fields, search, index };
}

function checkedUser(user: string): string {
  if (typeof user !== 'string' || user === '') throw new HttpError(401, ['no user: the request is anonymous']);
  if (user.length > STORE_LIMITS.user) {
    throw new HttpError(400, [`the user id is longer than ${STORE_LIMITS.user} characters`]);
  }
  return user;
}

function checkFavorite({ source, contactId }: FavoriteKey): void {
  const reasons: string[] = [];
  if (source.length > STORE_LIMITS.source)
    reasons.push(`the directory name is longer than ${STORE_LIMITS.source} characters`);
  if (contactId.length > STORE_LIMITS.contactId) {
    reasons.push(`the contact id is longer than ${STORE_LIMITS.contactId} characters`);
  }
  if (reasons.length > 0) throw new HttpError(400, reasons);
}
