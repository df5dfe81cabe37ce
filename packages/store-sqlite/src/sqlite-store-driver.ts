import { closeSync, mkdirSync, openSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { ContactFields, FavoriteKey } from '@dird/service-user-store/contract';
import type {
  DriverOptions,
  CandidateSearch,
  MigrationOutcome,
  NumberKeySearch,
  SqliteTarget,
  StoreDriver,
  SequencedContact,
  StoredContact,
} from '@dird/service-user-store/driver';
import { LATEST_VERSION, MIGRATIONS, MIGRATION_TABLE } from './migrations.js';
import { prepareStatements, type Statements } from './statements.js';

/**
 * How long a statement waits for a lock another process holds. better-sqlite3 waits synchronously, holding the
 * event loop: kept short, since one daemon per file is the supported layout (several daemons share MySQL).
 */
const BUSY_TIMEOUT_MS = 1000;

/** Errors of a statement, not of the store: they do not put the store down. */
const STATEMENT_ERRORS = /^SQLITE_(CONSTRAINT|MISMATCH|RANGE|TOOBIG)/;

/** The database holds a schema this driver does not know: a newer dird wrote it. */
export class SchemaTooNewError extends Error {
  constructor(found: number) {
    super(`the database holds schema version ${found}, newer than this dird knows (${LATEST_VERSION}): upgrade dird`);
    this.name = 'SchemaTooNewError';
  }
}

/**
 * The SQLite store: one file (WAL journal, `synchronous = FULL`: a change answered is on disk, through a crash
 * of the daemon or of the machine). better-sqlite3 is synchronous; each call is short (indexed by user).
 */
export class SqliteStoreDriver implements StoreDriver {
  readonly kind = 'sqlite';
  readonly location: string;
  private db: Database.Database | undefined;
  private statements: Statements | undefined;

  constructor(
    private readonly target: SqliteTarget,
    _options: DriverOptions,
  ) {
    this.location = target.file;
  }

  async open(): Promise<void> {
    if (this.db) {
      try {
        this.db.prepare('SELECT 1').get();
        return;
      } catch {
        this.closeNow();
      }
    }
    const { file } = this.target;
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
    // Created here, readable by dird's user only (it holds people's contacts); SQLite gives its -wal and -shm
    // files the same permissions.
    closeSync(openSync(file, 'a', 0o600));
    const db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    try {
      const mode = db.pragma('journal_mode = WAL', { simple: true });
      if (mode !== 'wal') throw new Error(`cannot use the WAL journal on ${file} (journal mode stays ${String(mode)})`);
      db.pragma('synchronous = FULL');
      db.pragma('foreign_keys = ON');
    } catch (err) {
      db.close();
      throw err;
    }
    this.db = db;
    this.statements = undefined;
  }

  async migrate(): Promise<MigrationOutcome> {
    const db = this.database();
    db.exec(MIGRATION_TABLE);
    const current = db.prepare('SELECT MAX(version) FROM dird_schema_migration').pluck();
    const record = db.prepare('INSERT INTO dird_schema_migration (version, description, applied_at) VALUES (?, ?, ?)');
    // IMMEDIATE takes the write lock first: a second daemon on the same file waits, then finds nothing to do.
    const outcome = db
      .transaction((): MigrationOutcome => {
        const from = (current.get() as number | null) ?? 0;
        if (from > LATEST_VERSION) throw new SchemaTooNewError(from);
        for (const step of MIGRATIONS) {
          if (step.version <= from) continue;
          db.exec(step.sql);
          record.run(step.version, step.description, new Date().toISOString());
        }
        return { from, to: Math.max(from, LATEST_VERSION) };
      })
      .immediate();
    this.statements = prepareStatements(db);
    return outcome;
  }

  async close(): Promise<void> {
    this.closeNow();
  }

  changeMark(): number {
    return this.s().dataVersion.get() as number;
  }

  isUnavailable(err: unknown): boolean {
    if (err instanceof SchemaTooNewError) return true;
    const code = (err as { code?: unknown } | null)?.code;
    if (typeof code !== 'string') return false;
    if (code.startsWith('SQLITE_')) return !STATEMENT_ERRORS.test(code);
    // A system error of the file or its folder (EACCES, ENOSPC, ENOENT, EROFS…).
    return /^E[A-Z]+$/.test(code);
  }

  async listFavorites(user: string): Promise<FavoriteKey[]> {
    const rows = this.s().favorites.all(user) as { source: string; contact_id: string }[];
    return rows.map((r) => ({ source: r.source, contactId: r.contact_id }));
  }

  async addFavorite(user: string, { source, contactId }: FavoriteKey): Promise<void> {
    this.s().addFavorite.run(user, source, contactId, new Date().toISOString());
  }

  async removeFavorite(user: string, { source, contactId }: FavoriteKey): Promise<boolean> {
    return this.s().removeFavorite.run(user, source, contactId).changes > 0;
  }

  async insertContacts(user: string, contacts: readonly StoredContact[]): Promise<void> {
    const s = this.s();
    this.database().transaction(() => {
      for (const contact of contacts) {
        s.insertContact.run(user, contact.id, JSON.stringify(contact.fields), contact.search);
        this.insertIndex(user, contact);
      }
    })();
  }

  async replaceContact(user: string, contact: StoredContact): Promise<boolean> {
    const s = this.s();
    return this.database().transaction(() => {
      if (s.updateContact.run(JSON.stringify(contact.fields), contact.search, user, contact.id).changes === 0) {
        return false;
      }
      s.deleteFields.run(user, contact.id);
      this.insertIndex(user, contact);
      return true;
    })();
  }

  async deleteContact(user: string, id: string): Promise<boolean> {
    // The contact's fields go with it (ON DELETE CASCADE).
    return this.s().deleteContact.run(user, id).changes > 0;
  }

  async purgeContacts(user: string): Promise<number> {
    return this.s().purgeContacts.run(user).changes;
  }

  async contacts(user: string, ids?: readonly string[]): Promise<ContactFields[]> {
    const s = this.s();
    const rows = ids === undefined ? s.allContacts.all(user) : s.contactsById.all(user, JSON.stringify(ids));
    return parseAll(rows);
  }

  async contactPage(user: string, limit: number, offset: number): Promise<ContactFields[]> {
    return parseAll(this.s().contactPage.all(user, clamp(limit), offset));
  }

  async searchCandidates(user: string, { folded, afterSeq, limit }: CandidateSearch): Promise<SequencedContact[]> {
    const rows = this.s().candidates.all(user, afterSeq, containing(folded), clamp(limit)) as {
      seq: number;
      fields: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, fields: JSON.parse(r.fields) as ContactFields }));
  }

  async contactByNumber(user: string, { keys, columns }: NumberKeySearch): Promise<ContactFields | undefined> {
    const row = this.s().byNumber.get(user, JSON.stringify(keys), JSON.stringify(columns));
    return row === undefined ? undefined : (JSON.parse(row as string) as ContactFields);
  }

  private insertIndex(user: string, contact: StoredContact): void {
    const insert = this.s().insertField;
    for (const value of contact.index) insert.run(user, contact.id, value.name, value.numberKey);
  }

  private database(): Database.Database {
    if (!this.db) throw Object.assign(new Error('the SQLite store is not open'), { code: 'SQLITE_MISUSE' });
    return this.db;
  }

  private s(): Statements {
    if (!this.statements) throw Object.assign(new Error('the SQLite store is not migrated'), { code: 'SQLITE_MISUSE' });
    return this.statements;
  }

  private closeNow(): void {
    const db = this.db;
    this.db = undefined;
    this.statements = undefined;
    try {
      db?.close();
    } catch {
      // already unusable: nothing left to release
    }
  }
}

/** A LIKE pattern matching text that contains `term` (its `%`, `_` and `\` taken literally). */
function containing(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function parseAll(rows: unknown[]): ContactFields[] {
  return rows.map((text) => JSON.parse(text as string) as ContactFields);
}

/** SQLite's LIMIT is a signed 64-bit integer; "no limit" arrives as the largest safe integer. */
function clamp(limit: number): number {
  return Math.min(limit, Number.MAX_SAFE_INTEGER);
}

/** The driver of a `sqlite://` `db_uri`. */
export function createStoreDriver(target: SqliteTarget, options: DriverOptions): StoreDriver {
  return new SqliteStoreDriver(target, options);
}
