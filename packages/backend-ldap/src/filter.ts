/**
 * LDAP search filters as plain data (RFC 4511 §4.5.1), independent of the client library: values are raw
 * octets, sent as they are in the BER encoding, so nothing a caller types can change a filter's structure.
 * `V` is the type of an assertion value: bytes once built, a template while `%Q` is still to be filled.
 */
export type LdapFilter<V = Buffer> =
  | { readonly type: 'and' | 'or'; readonly filters: readonly LdapFilter<V>[] }
  | { readonly type: 'not'; readonly filter: LdapFilter<V> }
  | {
      readonly type: 'equality' | 'greaterOrEqual' | 'lessOrEqual' | 'approxMatch';
      readonly attribute: string;
      readonly value: V;
    }
  | {
      readonly type: 'substrings';
      readonly attribute: string;
      readonly initial?: V;
      readonly any: readonly V[];
      readonly final?: V;
    }
  | { readonly type: 'present'; readonly attribute: string }
  | {
      readonly type: 'extensibleMatch';
      readonly attribute?: string;
      readonly rule?: string;
      readonly dnAttributes: boolean;
      readonly value: V;
    };

/** `(attribute=*text*)`, or `(attribute=*)` for an empty text (an empty term matches every entry). */
export function contains(attribute: string, text: string): LdapFilter {
  if (text === '') return { type: 'present', attribute };
  return { type: 'substrings', attribute, any: [Buffer.from(text)] };
}

/** `(attribute=value)`, value as text (UTF-8) or raw bytes. */
export function equals(attribute: string, value: string | Buffer): LdapFilter {
  return { type: 'equality', attribute, value: Buffer.from(value) };
}

/** `(|…)` of `filters`, or the filter itself when there is one; null when there is none. */
export function anyOf(filters: readonly LdapFilter[]): LdapFilter | null {
  if (filters.length === 0) return null;
  return filters.length === 1 ? filters[0] : { type: 'or', filters };
}

/** `(&…)` of the filters given, skipping nulls; null when none is left. */
export function allOf(...filters: (LdapFilter | null)[]): LdapFilter | null {
  const present = filters.filter((f): f is LdapFilter => f !== null);
  if (present.length === 0) return null;
  return present.length === 1 ? present[0] : { type: 'and', filters: present };
}

/**
 * RFC 4515 escaping of an assertion value: `*`, `(`, `)`, `\`, NUL and every byte outside printable ASCII
 * become `\xx`. Used to show filters in logs; the wire format never goes through text.
 */
export function escapeFilterValue(value: Buffer | string): string {
  let out = '';
  for (const byte of Buffer.from(value)) {
    const special = byte < 0x20 || byte > 0x7e || byte === 0x2a || byte === 0x28 || byte === 0x29 || byte === 0x5c;
    out += special ? `\\${byte.toString(16).padStart(2, '0')}` : String.fromCharCode(byte);
  }
  return out;
}

/** The filter in RFC 4515 text form, for logs and error messages. */
export function filterToString(filter: LdapFilter): string {
  switch (filter.type) {
    case 'and':
      return `(&${filter.filters.map(filterToString).join('')})`;
    case 'or':
      return `(|${filter.filters.map(filterToString).join('')})`;
    case 'not':
      return `(!${filterToString(filter.filter)})`;
    case 'equality':
      return `(${filter.attribute}=${escapeFilterValue(filter.value)})`;
    case 'greaterOrEqual':
      return `(${filter.attribute}>=${escapeFilterValue(filter.value)})`;
    case 'lessOrEqual':
      return `(${filter.attribute}<=${escapeFilterValue(filter.value)})`;
    case 'approxMatch':
      return `(${filter.attribute}~=${escapeFilterValue(filter.value)})`;
    case 'present':
      return `(${filter.attribute}=*)`;
    case 'substrings': {
      const parts = [filter.initial ?? Buffer.alloc(0), ...filter.any, filter.final ?? Buffer.alloc(0)];
      return `(${filter.attribute}=${parts.map(escapeFilterValue).join('*')})`;
    }
    case 'extensibleMatch': {
      const dn = filter.dnAttributes ? ':dn' : '';
      const rule = filter.rule ? `:${filter.rule}` : '';
      return `(${filter.attribute ?? ''}${dn}${rule}:=${escapeFilterValue(filter.value)})`;
    }
  }
}
