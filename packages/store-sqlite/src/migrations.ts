/** One step of the schema: applied once, in version order, recorded in `dird_schema_migration`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

/**
 * The schema, version by version. Never edit a released step: add one. Column sizes follow the store limits of
 * `@dird/service-user-store` (SQLite does not enforce them; the MySQL driver's columns do).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'favorites and personal contacts',
    sql: `
      CREATE TABLE dird_favorite (
        user_uuid TEXT NOT NULL,
        source TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (user_uuid, source, contact_id)
      ) WITHOUT ROWID;
      CREATE TABLE dird_personal_contact (
        seq INTEGER PRIMARY KEY,
        user_uuid TEXT NOT NULL,
        id TEXT NOT NULL,
        fields TEXT NOT NULL,
        search TEXT NOT NULL,
        UNIQUE (user_uuid, id)
      );
      CREATE INDEX dird_personal_contact_user_seq ON dird_personal_contact (user_uuid, seq);
      CREATE TABLE dird_personal_field (
        user_uuid TEXT NOT NULL,
        contact_id TEXT NOT NULL,
        name TEXT NOT NULL,
        number_key TEXT NOT NULL,
        PRIMARY KEY (user_uuid, contact_id, name),
        FOREIGN KEY (user_uuid, contact_id) REFERENCES dird_personal_contact (user_uuid, id) ON DELETE CASCADE
      ) WITHOUT ROWID;
      CREATE INDEX dird_personal_field_number ON dird_personal_field (user_uuid, number_key);
    `,
  },
];

/** The version the last step leaves. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The table recording applied steps (made before the first step). */
export const MIGRATION_TABLE = `
  CREATE TABLE IF NOT EXISTS dird_schema_migration (
    version INTEGER PRIMARY KEY,
    description TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`;
