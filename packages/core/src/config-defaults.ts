import type { TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

const NAME_LIST = 'x-dird-name-list';

/**
 * Applies the schema's defaults where a value is absent, and nowhere else: unlike TypeBox's `Value.Default`,
 * a value of the wrong type is left as it is, for validation to report with its key. Takes what the user
 * plainly meant: one string where a list of strings is expected, and for a name list (`NameList`) a mapping of
 * name to true/false, meaning the names set to true in the mapping's order.
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
  for (const [key, sub] of Object.entries(properties)) {
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
