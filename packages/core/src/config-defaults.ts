import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const NAME_LIST = 'x-dird-name-list';

/**
 * Applies the schema's defaults where a value is absent, and nowhere else: unlike TypeBox's `Value.Default`,
 * a value of the wrong type is left as it is, for validation to report with its key. Takes what the user
 * plainly meant: one string where a list of strings is expected, and for a name list (`NameList`) a mapping of
 * name to true/false, meaning the names set to true in the mapping's order. A key written with no value (YAML
 * `key:`, null) counts as absent only where absent means "none" (see {@link nullMeansAbsent}).
 */
export function fillDefaults(schema: TSchema, value: unknown): unknown {
  if (value === undefined) {
    if (schema.default === undefined) return undefined;
    return fillDefaults(schema, Value.Clone(schema.default));
  }
  if (Array.isArray(schema.anyOf)) return fillUnion(schema.anyOf as TSchema[], value);
  if (schema.type === 'array') return fillArray(schema, value);
  if (schema.type === 'object' && isPlainObject(value)) return fillObject(schema, value);
  return value;
}

/**
 * Whether `key:` written with no value (null) means the key is absent: when the schema does not take null
 * itself, and absent means "none": an optional key without a default, or one whose default is empty (`''`,
 * `[]`, `{}`). Elsewhere null stays, for validation to report: a required key, or one whose default is a real
 * value (a timeout, a port, a flag), which an empty line must not set silently.
 */
export function nullMeansAbsent(schema: TSchema, required: boolean): boolean {
  if (Value.Check(schema, null)) return false;
  if (schema.default === undefined) return !required;
  return isEmpty(schema.default);
}

function fillUnion(variants: TSchema[], value: unknown): unknown {
  // The first variant the value already fits, with its defaults; else the value as it is, for the errors.
  for (const variant of variants) {
    const filled = fillDefaults(variant, value);
    if (Value.Check(variant, filled)) return filled;
  }
  return value;
}

function fillArray(schema: TSchema, value: unknown): unknown {
  const items = schema.items as TSchema | undefined;
  if (typeof value === 'string' && items?.type === 'string') return [value];
  if (schema[NAME_LIST] === true && isPlainObject(value) && Object.values(value).every((v) => typeof v === 'boolean')) {
    return Object.entries(value)
      .filter(([, on]) => on)
      .map(([name]) => name);
  }
  if (!Array.isArray(value) || !items) return value;
  return value.map((v) => fillDefaults(items, v));
}

function fillObject(schema: TSchema, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...value };
  const properties = (schema.properties ?? {}) as Record<string, TSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  for (const [key, sub] of Object.entries(properties)) {
    if (out[key] === null && nullMeansAbsent(sub, required.has(key))) delete out[key];
    const filled = fillDefaults(sub, out[key]);
    if (filled !== undefined) out[key] = filled;
  }
  const patterns = (schema.patternProperties ?? {}) as Record<string, TSchema>;
  const recordValues = Object.values(patterns)[0];
  if (recordValues) {
    for (const [key, v] of Object.entries(out))
      if (!Object.hasOwn(properties, key)) out[key] = fillDefaults(recordValues, v);
  }
  return out;
}

function isEmpty(value: unknown): boolean {
  if (value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return isPlainObject(value) && Object.keys(value).length === 0;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
