import { CONTACT_COLUMNS, csvLine, generateContacts, type Contact } from '@dird/datagen';
import type { Target } from './schedule.js';

/** The term every source holds one entry for: a lookup of it must list each source that is up. */
export const MARKER_TERM = 'soakmark';

/** The number of each source's marker entry (French numbers, so reverse lookups exercise the numbering plan). */
export const MARKER_NUMBERS: Readonly<Record<Target & string, string>> = {
  csv: '+33 1 99 00 00 01',
  ldap: '+33 1 99 00 00 02',
  // Without spaces: the mysql backend compares numbers exactly unless normalize_numbers is on (docs/backends/mysql.md).
  mysql: '+33199000003',
  personal: '+33 1 99 00 00 04',
  auth: '',
};

/** The sources of the soak profile, by name in the config, with what they are. */
export const SOURCES = { csv: 'csv_book', ldap: 'ldap_people', mysql: 'mysql_crm', personal: 'personal' } as const;

/** Source targets, in the profile's order. */
export const SOURCE_TARGETS = ['csv', 'ldap', 'mysql', 'personal'] as const;

/** Rows of each source (the csv keeps its first {@link CSV_STABLE} rows across rewrites: favorites point there). */
export const SIZES = { csv: 5000, ldap: 2000, mysql: 5000 } as const;
export const CSV_STABLE = 1000;

/** A marker contact: `Soakmark` with the source's number. */
export function markerContact(id: string, firstname: string, phone: string): Contact {
  return {
    id,
    firstname,
    lastname: 'Soakmark',
    company: 'Soak',
    department: 'Soak',
    email: `${firstname.toLowerCase()}.soakmark@soak.example`,
    phone,
    mobile: '',
    city: 'Soak',
  };
}

/** The lastname of the entry that only generation `g` of the CSV file holds (how a reload is seen). */
export function generationTerm(g: number): string {
  return `soakgen${g}x`;
}

/**
 * Generation `g` of the CSV file: the same first rows, other rows regenerated, the marker, and a row naming the
 * generation. Every generation is a valid file of the same columns.
 */
export function csvGeneration(g: number): string {
  const lines = [CONTACT_COLUMNS.join(',')];
  for (const c of generateContacts(CSV_STABLE, 11)) lines.push(csvLine(c));
  for (const c of generateContacts(SIZES.csv - CSV_STABLE, 100 + g)) {
    lines.push(csvLine({ ...c, id: String(Number(c.id) + CSV_STABLE) }));
  }
  lines.push(csvLine(markerContact('m', 'Csv', MARKER_NUMBERS.csv)));
  lines.push(csvLine({ ...markerContact(`g${g}`, 'Generation', ''), lastname: generationTerm(g) }));
  return lines.join('\n') + '\n';
}

/** First names found in every source: the terms of ordinary lookups. */
export function lookupTerms(): string[] {
  const names = new Set<string>();
  for (const c of generateContacts(500, 11)) names.add(c.firstname);
  return [...names].sort();
}

/** The favorites a user toggles: ten stable entries of each directory source (`source/id`). */
export function favoritePool(userIndex: number): { source: string; id: string }[] {
  const pool: { source: string; id: string }[] = [];
  for (let i = 0; i < 10; i++) {
    const n = userIndex * 37 + i * 13 + 1;
    pool.push({ source: SOURCES.csv, id: String((n % CSV_STABLE) + 1) });
    pool.push({ source: SOURCES.ldap, id: `p${(n % SIZES.ldap) + 1}` });
    pool.push({ source: SOURCES.mysql, id: String((n % SIZES.mysql) + 1) });
  }
  return pool;
}
