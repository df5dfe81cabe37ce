/** One step of the schema: applied once, in version order, recorded in `dird_schema_migration`. */
export interface Migration {
  readonly version: number;
  readonly description: string;
  /**
   * Statements run one by one. Each is idempotent (`IF NOT EXISTS`): MySQL cannot roll DDL back, and on a
   * Galera cluster the schema lock is per node, so a step half done or done twice must be harmless.
   */
  readonly statements: readonly string[];
}

/**
 * Keys are compared exactly (binary), values stored as given: the folding is done by dird. Contacts are clustered
 * by user (primary key user, seq): a search scans one user's rows side by side.
 */
const TABLE_OPTIONS = 'ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin';

/**
 * The schema, version by version (the same versions as the SQLite driver's). Never edit a released step: add
 * one. Column sizes are the store limits of `@dird/service-user-store` (user 128, source 128, contact id 255,
 * attribute name 255, value 10,000 characters); every key fits InnoDB's 3072-byte index limit in utf8mb4, and
 * every table has a primary key, as Galera requires.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'favorites and personal contacts',
    statements: [
      `CREATE TABLE IF NOT EXISTS dird_favorite (
        user_uuid VARCHAR(128) NOT NULL,
        source VARCHAR(128) NOT NULL,
        contact_id VARCHAR(255) NOT NULL,
        created_at DATETIME(3) NOT NULL,
        PRIMARY KEY (user_uuid, source, contact_id)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS dird_personal_contact (
        seq BIGINT NOT NULL AUTO_INCREMENT,
        user_uuid VARCHAR(128) NOT NULL,
        id CHAR(36) NOT NULL,
        fields MEDIUMTEXT NOT NULL,
        search MEDIUMTEXT NOT NULL,
        PRIMARY KEY (user_uuid, seq),
        KEY dird_personal_contact_seq (seq),
        UNIQUE KEY dird_personal_contact_user_id (user_uuid, id)
      ) ${TABLE_OPTIONS}`,
      `CREATE TABLE IF NOT EXISTS dird_personal_field (
        user_uuid VARCHAR(128) NOT NULL,
        contact_id CHAR(36) NOT NULL,
        name VARCHAR(255) NOT NULL,
        number_key VARCHAR(255) NOT NULL,
        PRIMARY KEY (user_uuid, contact_id, name),
        KEY dird_personal_field_number (user_uuid, number_key),
        CONSTRAINT dird_personal_field_contact FOREIGN KEY (user_uuid, contact_id)
          REFERENCES dird_personal_contact (user_uuid, id) ON DELETE CASCADE
      ) ${TABLE_OPTIONS}`,
    ],
  },
];

/** The version the last step leaves. */
export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The table recording applied steps (made before the first step). */
export const MIGRATION_TABLE = `CREATE TABLE IF NOT EXISTS dird_schema_migration (
  version INT NOT NULL,
  description VARCHAR(255) NOT NULL,
  applied_at DATETIME(3) NOT NULL,
  PRIMARY KEY (version)
) ${TABLE_OPTIONS}`;
