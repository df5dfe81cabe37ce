/**
 * The four number paths a contact of the web interface's phonebook may lack without anything being wrong (a
 * contact without a mobile number): no warning for them (reference §5.5).
 */
export const NUMBER_PATHS: ReadonlySet<string> = new Set(
  ['home', 'mobile', 'office', 'other'].map((kind) => `phonebooknumber.${kind}.number`),
);

/**
 * The values at dotted `paths` of a nested record (`phonebook.firstname`, `phonebooknumber.office.number`), as
 * text: a string as it is, a number or boolean written out; '' for null, an object or a list. A path that leads
 * nowhere is '' too, and told to `onMissing`. Only own properties are followed (`__proto__.x` is missing).
 */
export function fieldsAt(
  record: Readonly<Record<string, unknown>>,
  paths: readonly string[],
  onMissing?: (path: string) => void,
): Record<string, string> {
  // Written with defineProperty: a path named `__proto__` stays a key.
  const fields: Record<string, string> = {};
  for (const path of paths) {
    const value = valueAt(record, path);
    if (value === undefined) onMissing?.(path);
    Object.defineProperty(fields, path, { value: textOf(value), enumerable: true, writable: true, configurable: true });
  }
  return fields;
}

function valueAt(record: unknown, path: string): unknown {
  let here = record;
  for (const step of path.split('.')) {
    if (here === null || typeof here !== 'object' || Array.isArray(here) || !Object.hasOwn(here, step))
      return undefined;
    here = (here as Record<string, unknown>)[step];
  }
  return here;
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return '';
}
