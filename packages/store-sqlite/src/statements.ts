import type Database from 'better-sqlite3';

/** The names of the store's statements. */
type StatementName =
  | 'dataVersion'
  | 'favorites'
  | 'addFavorite'
  | 'removeFavorite'
  | 'insertContact'
  | 'insertField'
  | 'updateContact'
  | 'deleteFields'
  | 'deleteContact'
  | 'purgeContacts'
  | 'allContacts'
  | 'contactPage'
  | 'contactsById'
  | 'candidates'
  | 'byNumber';

/** The prepared statements of one connection. */
export type Statements = Record<StatementName, Database.Statement>;

/** The statements of the store, prepared once per connection (better-sqlite3 caches nothing by itself). */
export function prepareStatements(db: Database.Database): Statements {
  const s = (sql: string) => db.prepare(sql);
  return {
    // Changes when another connection (another process on the same file) commits: what the cache of
    // favorites checks before each answer.
    dataVersion: s('PRAGMA data_version').pluck(),
    favorites: s('SELECT source, contact_id FROM dird_favorite WHERE user_uuid = ? ORDER BY source, contact_id'),
    addFavorite: s(
      'INSERT INTO dird_favorite (user_uuid, source, contact_id, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
    ),
    removeFavorite: s('DELETE FROM dird_favorite WHERE user_uuid = ? AND source = ? AND contact_id = ?'),
    insertContact: s('INSERT INTO dird_personal_contact (user_uuid, id, fields, search) VALUES (?, ?, ?, ?)'),
    insertField: s('INSERT INTO dird_personal_field (user_uuid, contact_id, name, number_key) VALUES (?, ?, ?, ?)'),
    updateContact: s('UPDATE dird_personal_contact SET fields = ?, search = ? WHERE user_uuid = ? AND id = ?'),
    deleteFields: s('DELETE FROM dird_personal_field WHERE user_uuid = ? AND contact_id = ?'),
    deleteContact: s('DELETE FROM dird_personal_contact WHERE user_uuid = ? AND id = ?'),
    purgeContacts: s('DELETE FROM dird_personal_contact WHERE user_uuid = ?'),
    allContacts: s('SELECT fields FROM dird_personal_contact WHERE user_uuid = ? ORDER BY seq').pluck(),
    contactPage: s(
      'SELECT fields FROM dird_personal_contact WHERE user_uuid = ? ORDER BY seq LIMIT ? OFFSET ?',
    ).pluck(),
    contactsById: s(
      `SELECT fields FROM dird_personal_contact
       WHERE user_uuid = ? AND id IN (SELECT value FROM json_each(?)) ORDER BY seq`,
    ).pluck(),
    // A scan of the user's contacts in creation order (one row each): substrings cannot use an index. LIKE
    // compares bytes where instr() counts characters: four times faster (docs/benchmarks.md); both sides are
    // folded to lower case already.
    candidates: s(
      `SELECT seq, fields FROM dird_personal_contact
       WHERE user_uuid = ? AND seq > ? AND search LIKE ? ESCAPE '\\' ORDER BY seq LIMIT ?`,
    ),
    // Lists travel as one JSON array (json_each): one statement whatever their length.
    byNumber: s(
      `SELECT c.fields FROM dird_personal_field f
       JOIN dird_personal_contact c ON c.user_uuid = f.user_uuid AND c.id = f.contact_id
       WHERE f.user_uuid = ? AND f.number_key IN (SELECT value FROM json_each(?))
         AND f.name IN (SELECT value FROM json_each(?))
       ORDER BY c.seq LIMIT 1`,
    ).pluck(),
  };
}
