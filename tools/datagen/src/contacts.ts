import { CITIES, COMPANIES, DEPARTMENTS, FIRST_NAMES, LAST_NAMES } from './names.js';
import { Random } from './random.js';

/** The columns of a generated directory, in file order. */
export const CONTACT_COLUMNS = [
  'id',
  'firstname',
  'lastname',
  'company',
  'department',
  'email',
  'phone',
  'mobile',
  'city',
] as const;

/** One invented contact. */
export type Contact = Record<(typeof CONTACT_COLUMNS)[number], string>;

/** The national significant number (9 digits after the French trunk 0) of a contact's line. */
function nationalNumber(r: Random, mobile: boolean): string {
  return (mobile ? r.pick(['6', '7']) : r.pick(['1', '2', '3', '4', '5', '9'])) + r.digits(8);
}

/** One of the ways people write the same French number: +33 1 23 45 67 89, 01.23.45.67.89, 0033123456789, … */
export function formatNumber(nsn: string, style: number): string {
  const pairs = `0${nsn}`.match(/../g)!;
  switch (style % 6) {
    case 0:
      return `+33 ${nsn[0]} ${pairs.slice(1).join(' ')}`;
    case 1:
      return pairs.join('.');
    case 2:
      return `0033${nsn}`;
    case 3:
      return `(${pairs[0]}) ${pairs.slice(1).join('-')}`;
    case 4:
      return `0${nsn}`;
    default:
      return `+33${nsn}`;
  }
}

function slug(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
}

/** `count` contacts from `seed`: the same arguments always give the same contacts. */
export function* generateContacts(count: number, seed = 1): Generator<Contact> {
  const r = new Random(seed);
  for (let i = 1; i <= count; i++) {
    const firstname = r.pick(FIRST_NAMES);
    const lastname = r.pick(LAST_NAMES);
    const company = r.pick(COMPANIES);
    yield {
      id: String(i),
      firstname,
      lastname,
      company,
      department: r.pick(DEPARTMENTS),
      email: `${slug(firstname)}.${slug(lastname)}${i}@${slug(company)}.example`,
      phone: formatNumber(nationalNumber(r, false), r.int(6)),
      mobile: r.int(4) === 0 ? '' : formatNumber(nationalNumber(r, true), r.int(6)),
      city: r.pick(CITIES),
    };
  }
}

/** One CSV field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A whole contact as a CSV line (no line ending). */
export function csvLine(contact: Contact): string {
  return CONTACT_COLUMNS.map((c) => csvField(contact[c])).join(',');
}
