import type { StoredContact } from '@dird/service-user-store/driver';
import { ladderRuns, rowMarks } from './shapes.js';
import type { Session, SqlValue } from './store-pool.js';

/**
 * Inserts contacts (their row and their indexed values, or the indexed values only) in multi-row statements of
 * a few fixed sizes: 10,000 contacts take a few hundred statements, not seventy thousand.
 */
export async function insertContactRows(
  session: Session,
  user: string,
  contacts: readonly StoredContact[],
  what: 'contacts and fields' | 'fields',
): Promise<void> {
  if (what === 'contacts and fields') {
    for (const run of ladderRuns(contacts)) {
      await session.execute(
        `INSERT INTO dird_personal_contact (user_uuid, id, fields, search) VALUES ${rowMarks(run.length, 4)}`,
        run.flatMap((c): SqlValue[] => [user, c.id, JSON.stringify(c.fields), c.search]),
      );
    }
  }
  const fields = contacts.flatMap((c) => c.index.map((v): SqlValue[] => [user, c.id, v.name, v.numberKey]));
  for (const run of ladderRuns(fields)) {
    await session.execute(
      `INSERT INTO dird_personal_field (user_uuid, contact_id, name, number_key) VALUES ${rowMarks(run.length, 4)}`,
      run.flat(),
    );
  }
}
