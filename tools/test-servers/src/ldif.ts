import { generateContacts, type Contact } from '@dird/datagen';

/** One attribute value: text (UTF-8) or raw bytes (binary attributes such as `objectGUID`). */
export type LdifValue = string | Buffer;

/** One directory entry: its DN and its attributes (a list for multi-valued ones). */
export interface LdifEntry {
  readonly dn: string;
  readonly attributes: Readonly<Record<string, LdifValue | readonly LdifValue[]>>;
}

// RFC 2849 SAFE-STRING: printable ASCII, not starting with space, ':' or '<', not ending with a space.
const SAFE = /^(?![ :<])[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

function line(name: string, value: LdifValue): string {
  if (typeof value === 'string' && SAFE.test(value) && !value.endsWith(' ')) return `${name}: ${value}`;
  // Anything else (accents, binary) goes base64, as the LDIF grammar requires.
  return `${name}:: ${Buffer.from(value).toString('base64')}`;
}

/** LDIF text for `entries` (UTF-8 and binary values base64-encoded), ready for slapadd or ldapadd. */
export function toLdif(entries: Iterable<LdifEntry>): string {
  const blocks: string[] = [];
  for (const entry of entries) {
    const lines = [line('dn', entry.dn)];
    for (const [name, values] of Object.entries(entry.attributes)) {
      for (const value of Array.isArray(values) ? values : [values]) lines.push(line(name, value as LdifValue));
    }
    blocks.push(lines.join('\n'));
  }
  return blocks.join('\n\n') + '\n';
}

/** The entry a suffix needs before anything can be added under it (`dc=`, `o=` or `ou=` suffixes). */
export function suffixEntry(suffix: string): LdifEntry {
  const [attr, ...rest] = suffix.split(',')[0].split('=');
  const value = rest.join('=');
  switch (attr.trim().toLowerCase()) {
    case 'dc':
      return { dn: suffix, attributes: { objectClass: ['top', 'dcObject', 'organization'], dc: value, o: value } };
    case 'o':
      return { dn: suffix, attributes: { objectClass: ['top', 'organization'], o: value } };
    case 'ou':
      return { dn: suffix, attributes: { objectClass: ['top', 'organizationalUnit'], ou: value } };
    default:
      throw new Error(`startSlapd: cannot create the suffix entry of "${suffix}" (use a dc=, o= or ou= suffix)`);
  }
}

/** An organizational unit `ou=<name>,<parent>`. */
export function organizationalUnit(name: string, parent: string): LdifEntry {
  return { dn: `ou=${name},${parent}`, attributes: { objectClass: ['top', 'organizationalUnit'], ou: name } };
}

/**
 * `count` invented people (accents included) as inetOrgPerson entries under `base`, deterministic for a
 * `seed` (see {@link contactEntries}). The test suites seed their directories with it.
 */
export function personEntries(count: number, base: string, seed = 1): Generator<LdifEntry> {
  return contactEntries(generateContacts(count, seed), base);
}

/**
 * Contacts of `@dird/datagen` as inetOrgPerson entries under `base`: `uid=p<id>`, cn, givenName, sn,
 * telephoneNumber, mobile (when the contact has one), mail, o, ou, l. The benchmark seeds slapd with it.
 */
export function* contactEntries(contacts: Iterable<Contact>, base: string): Generator<LdifEntry> {
  for (const c of contacts) {
    yield {
      dn: `uid=p${c.id},${base}`,
      attributes: {
        objectClass: ['top', 'person', 'organizationalPerson', 'inetOrgPerson'],
        uid: `p${c.id}`,
        cn: `${c.firstname} ${c.lastname}`,
        givenName: c.firstname,
        sn: c.lastname,
        telephoneNumber: c.phone,
        ...(c.mobile ? { mobile: c.mobile } : {}),
        mail: c.email,
        o: c.company,
        ou: c.department,
        l: c.city,
      },
    };
  }
}
