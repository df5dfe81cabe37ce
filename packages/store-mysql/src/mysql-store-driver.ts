import { readFile } from 'node:fs/promises';
import type { ContactFields, FavoriteKey } from '@dird/service-user-store/contract';
import type {
  DriverOptions,
  CandidateSearch,
  MigrationOutcome,
  MysqlTarget,
  NumberKeySearch,
  StoreDriver,
  SequencedContact,
  StoredContact,
} from '@dird/service-user-store/driver';
import type { PoolOptions } from 'mysql2/promise';
import { isUnavailable } from './errors.js';
import { migrate } from './migrate.js';
import { marks, paddedChunks } from './shapes.js';
import { insertContactRows } from './insert-rows.js';
import { StorePool, type SqlValue } from './store-pool.js';

type FieldsRow = { fields: string };

/**
 * The MySQL/MariaDB store: what several daemons share. Every statement is prepared (values bound, never spliced),
 * every wait bounded; the tables are made by the migrations at the first connection.
 */
export class MysqlStoreDriver implements StoreDriver {
  readonly kind = 'mysql';
  readonly location: string;
  private pool: StorePool | undefined;

  constructor(
    private readonly target: MysqlTarget,
    private readonly options: DriverOptions,
  ) {
    const host = target.host.includes(':') ? `[${target.host}]` : target.host;
    this.location = `${target.user}@${host}:${target.port}/${target.database}`;
  }

  async open(): Promise<void> {
    this.pool ??= new StorePool(await this.poolOptions(), {
      connectTimeoutMs: this.options.connectTimeoutMs,
      queryTimeoutMs: this.options.queryTimeoutMs,
      logger: this.options.logger,
    });
    await this.pool.execute('SELECT 1');
  }

  migrate(): Promise<MigrationOutcome> {
    return migrate(this.p(), this.target.database, this.options.logger);
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close(this.options.connectTimeoutMs);
  }

  isUnavailable(err: unknown): boolean {
    return isUnavailable(err);
  }

  async listFavorites(user: string): Promise<FavoriteKey[]> {
    const rows = await this.p().execute<{ source: string; contact_id: string }[]>(
      'SELECT source, contact_id FROM dird_favorite WHERE user_uuid = ? ORDER BY source, contact_id',
      [user],
    );
    return rows.map((r) => ({ source: r.source, contactId: r.contact_id }));
  }

  async addFavorite(user: string, { source, contactId }: FavoriteKey): Promise<void> {
    await this.p().execute(
      'INSERT INTO dird_favorite (user_uuid, source, contact_id, created_at) VALUES (?, ?, ?, NOW(3)) ' +
        'ON DUPLICATE KEY UPDATE user_uuid = user_uuid',
      [user, source, contactId],
    );
  }

  async removeFavorite(user: string, { source, contactId }: FavoriteKey): Promise<boolean> {
    const result = await this.p().execute<{ affectedRows: number }>(
      'DELETE FROM dird_favorite WHERE user_uuid = ? AND source = ? AND contact_id = ?',
      [user, source, contactId],
    );
    return result.affectedRows > 0;
  }

  async insertContacts(user: string, contacts: readonly StoredContact[]): Promise<void> {
    await this.p().transaction((session) => insertContactRows(session, user, contacts, 'contacts and fields'));
  }

  async replaceContact(user: string, contact: StoredContact): Promise<boolean> {
    return this.p().transaction(async (session) => {
      const found = await session.execute<unknown[]>(
        'SELECT seq FROM dird_personal_contact WHERE user_uuid = ? AND id = ? FOR UPDATE',
        [user, contact.id],
      );
      if (found.length === 0) return false;
      await session.execute('UPDATE dird_personal_contact SET fields = ?, search = ? WHERE user_uuid = ? AND id = ?', [
        JSON.stringify(contact.fields),
        contact.search,
        user,
        contact.id,
      ]);
      await session.execute('DELETE FROM dird_personal_field WHERE user_uuid = ? AND contact_id = ?', [
        user,
        contact.id,
      ]);
      await insertContactRows(session, user, [contact], 'fields');
      return true;
    });
  }

  async deleteContact(user: string, id: string): Promise<boolean> {
    // The contact's fields go with it (ON DELETE CASCADE).
    const result = await this.p().execute<{ affectedRows: number }>(
      'DELETE FROM dird_personal_contact WHERE user_uuid = ? AND id = ?',
      [user, id],
    );
    return result.affectedRows > 0;
  }

  async purgeContacts(user: string): Promise<number> {
    const result = await this.p().execute<{ affectedRows: number }>(
      'DELETE FROM dird_personal_contact WHERE user_uuid = ?',
      [user],
    );
    return result.affectedRows;
  }

  async contacts(user: string, ids?: readonly string[]): Promise<ContactFields[]> {
    if (ids === undefined) {
      return parse(
        await this.p().execute<FieldsRow[]>(
          'SELECT fields FROM dird_personal_contact WHERE user_uuid = ? ORDER BY seq',
          [user],
        ),
      );
    }
    const rows: { seq: string; fields: string }[] = [];
    for (const chunk of paddedChunks([...new Set(ids)])) {
      rows.push(
        ...(await this.p().execute<{ seq: string; fields: string }[]>(
          `SELECT seq, fields FROM dird_personal_contact WHERE user_uuid = ? AND id IN (${marks(chunk.length)})`,
          [user, ...chunk],
        )),
      );
    }
    rows.sort((a, b) => Number(a.seq) - Number(b.seq));
    return parse(rows);
  }

  async contactPage(user: string, limit: number, offset: number): Promise<ContactFields[]> {
    return parse(
      await this.p().execute<FieldsRow[]>(
        'SELECT fields FROM dird_personal_contact WHERE user_uuid = ? ORDER BY seq LIMIT ? OFFSET ?',
        [user, ...paging(limit, offset)],
      ),
    );
  }

  async searchCandidates(user: string, { folded, afterSeq, limit }: CandidateSearch): Promise<SequencedContact[]> {
    const rows = await this.p().execute<{ seq: string; fields: string }[]>(
      "SELECT seq, fields FROM dird_personal_contact WHERE user_uuid = ? AND seq > ? AND search LIKE ? ESCAPE '!' " +
        'ORDER BY seq LIMIT ?',
      [user, String(afterSeq), `%${folded.replace(/[!%_]/g, (c) => `!${c}`)}%`, paging(limit, 0)[0]],
    );
    return rows.map((r) => ({ seq: Number(r.seq), fields: JSON.parse(r.fields) as ContactFields }));
  }

  async contactByNumber(user: string, { keys, columns }: NumberKeySearch): Promise<ContactFields | undefined> {
    const names = paddedChunks(columns)[0];
    const wanted = paddedChunks(keys)[0];
    const rows = await this.p().execute<FieldsRow[]>(
      `SELECT c.fields FROM dird_personal_field f
       JOIN dird_personal_contact c ON c.user_uuid = f.user_uuid AND c.id = f.contact_id
       WHERE f.user_uuid = ? AND f.number_key IN (${marks(wanted.length)}) AND f.name IN (${marks(names.length)})
       ORDER BY c.seq LIMIT 1`,
      [user, ...wanted, ...names],
    );
    return parse(rows)[0];
  }

  private p(): StorePool {
    if (!this.pool) throw Object.assign(new Error('the MySQL store is not open'), { code: 'POOL_CLOSED' });
    return this.pool;
  }

  private async poolOptions(): Promise<PoolOptions> {
    const { target, options } = this;
    const tls = target.tls;
    const read = (file: string | undefined) => (file === undefined ? undefined : readFile(file, 'utf8'));
    return {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      ssl: tls
        ? {
            ca: await read(tls.caFile),
            cert: await read(tls.certFile),
            key: await read(tls.keyFile),
            rejectUnauthorized: tls.verify,
          }
        : undefined,
      connectionLimit: options.poolSize,
      maxIdle: options.poolSize,
      // A bounded wait list: past it a call fails at once (503) instead of queueing behind a stuck server.
      queueLimit: options.poolSize * 50,
      connectTimeout: options.connectTimeoutMs,
      enableKeepAlive: true,
      keepAliveInitialDelay: 30_000,
      charset: 'UTF8MB4_GENERAL_CI',
      supportBigNumbers: true,
      bigNumberStrings: true,
      maxPreparedStatements: 128,
      // A server must never be able to ask dird for one of its local files.
      flags: ['-LOCAL_FILES'],
    };
  }
}

/**
 * LIMIT and OFFSET bound as text: mysql2 sends a JavaScript number as a DOUBLE, which MySQL 8.0.22 and later
 * refuse there; text is read as an integer.
 */
function paging(limit: number, offset: number): SqlValue[] {
  const max = '18446744073709551615';
  return [limit >= Number.MAX_SAFE_INTEGER ? max : String(Math.trunc(limit)), String(Math.trunc(offset))];
}

function parse(rows: readonly FieldsRow[]): ContactFields[] {
  return rows.map((r) => JSON.parse(r.fields) as ContactFields);
}

/** The driver of a `mysql://` `db_uri`. */
export function createStoreDriver(target: MysqlTarget, options: DriverOptions): StoreDriver {
  return new MysqlStoreDriver(target, options);
}
