import type { PersonalContact } from '@dird/service-personal/contract';

/** A field as Python's csv writes it: quoted when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * Contacts as xivo-dird exports them: the sorted union of their attribute names (`id` included) as header, a
 * missing value as an empty field, CRLF after every line.
 */
export function contactsCsv(contacts: readonly PersonalContact[]): string {
  const header = [...new Set(contacts.flatMap((c) => Object.keys(c)))].sort();
  const lines = [header.map(field).join(',')];
  for (const contact of contacts) {
    lines.push(header.map((name) => field(Object.hasOwn(contact, name) ? contact[name] : '')).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
