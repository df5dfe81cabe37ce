const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A row as result fields, every value as text the way a CSV or LDAP source gives it: numbers in decimal,
 * dates and times as the server writes them, binary values (BINARY, BLOB, BIT) as their text when they are
 * printable UTF-8 and as lowercase hex otherwise. A NULL column is left out, like an LDAP attribute an entry lacks, so a display
 * shows its `default` and a template reads it as empty.
 */
export function rowFields(row: Readonly<Record<string, unknown>>): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(row)) {
    const text = asText(value);
    if (text !== null) fields[name] = text;
  }
  return fields;
}

function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return printable(value) ?? value.toString('hex');
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

function printable(bytes: Buffer): string | null {
  try {
    const text = utf8.decode(bytes);
    return /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) ? null : text;
  } catch {
    return null;
  }
}
