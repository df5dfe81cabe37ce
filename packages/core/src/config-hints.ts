import type { TSchema } from '@sinclair/typebox';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';

/**
 * Schema keyword: what is expected at this key, in words, for messages ("a profile: a mapping such as
 * {sources: [my_csv], timeout: 1}"). Without it the message names the type.
 */
export const EXPECTED_KEYWORD = 'x-dird-expected';

const NAME_LIST = 'x-dird-name-list';

/** The errors that say a value has the wrong type (rather than breaking a bound such as a minimum). */
const TYPE_ERRORS: ReadonlySet<ValueErrorType> = new Set([
  ValueErrorType.Array,
  ValueErrorType.Boolean,
  ValueErrorType.Integer,
  ValueErrorType.Literal,
  ValueErrorType.Null,
  ValueErrorType.Number,
  ValueErrorType.Object,
  ValueErrorType.String,
  ValueErrorType.Union,
]);

/**
 * The errors of `error` that say where the value is wrong: a union's own error ("Expected union value") names
 * only the union, so when exactly one variant has the value's type (a list where a list or null is expected),
 * the errors of that variant are given instead, down to the key at fault (`displays.d.0.title`).
 */
export function* preciseErrors(errors: Iterable<ValueError>): Generator<ValueError> {
  for (const error of errors) {
    if (error.type === ValueErrorType.Union && Array.isArray(error.schema.anyOf)) {
      const fitting = (error.schema.anyOf as TSchema[]).flatMap((v, i) => (sameType(v, error.value) ? [i] : []));
      if (fitting.length === 1 && error.errors[fitting[0]]) {
        yield* preciseErrors(error.errors[fitting[0]]);
        continue;
      }
    }
    yield error;
  }
}

function sameType(schema: TSchema, value: unknown): boolean {
  const type =
    value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
  if (schema.type === type) return true;
  return type === 'number' && schema.type === 'integer';
}

/**
 * For a value of the wrong type, what was found, what is expected, and how to write it: YAML reads unquoted
 * digits as a number and `yes`/`no`/`on`/`off` as booleans, so a password `1234` or a prefix `00` needs quotes.
 * Undefined for other problems (a bound, a pattern, a missing key), whose message says enough.
 */
export function typeMismatchHint(error: ValueError): string | undefined {
  const { schema, value } = error;
  if (!TYPE_ERRORS.has(error.type) || value === undefined) return undefined;
  if (value === null) {
    const fallback =
      schema.default === undefined ? '' : `, or remove the key for the default (${show(schema.default)})`;
    return `the key has no value (YAML \`key:\` with nothing after it): give it ${expected(schema)}${fallback}`;
  }
  return `got ${describe(value)}; expected ${expected(schema)}${advice(schema, value)}`;
}

function expected(schema: TSchema): string {
  if (typeof schema[EXPECTED_KEYWORD] === 'string') return schema[EXPECTED_KEYWORD];
  if (schema[NAME_LIST] === true) return 'a list of names, or a mapping of name to true/false';
  if (schema.const !== undefined) return show(schema.const);
  if (Array.isArray(schema.anyOf)) {
    const variants = (schema.anyOf as TSchema[]).filter((v) => v.type !== 'null');
    if (variants.every((v) => v.const !== undefined)) return `one of ${variants.map((v) => show(v.const)).join(', ')}`;
    return variants.map(expected).join(', or ');
  }
  switch (schema.type) {
    case 'string':
      return 'text';
    case 'number':
      return 'a number';
    case 'integer':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    case 'array':
      return 'a list';
    case 'object':
      return 'a mapping (key: value)';
    default:
      return 'another type';
  }
}

/** How to write it right, for the mistakes YAML makes easy. */
function advice(schema: TSchema, value: unknown): string {
  // Free text (not one of a few words, where quoting a number would not help).
  const freeText = (v: TSchema) => v.type === 'string' && v.const === undefined;
  const wantsText = freeText(schema) || (schema.anyOf as TSchema[] | undefined)?.some(freeText);
  if (wantsText && typeof value === 'number')
    return ` (unquoted, YAML reads it as a number, and 00 or 0123 as octal: write the text in quotes, such as "${value}")`;
  if (wantsText && typeof value === 'boolean')
    return ' (unquoted, YAML reads yes/no/on/off/true/false as a boolean: write the text in quotes)';
  const numeric = schema.type === 'number' || schema.type === 'integer';
  if (numeric && typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return ' (remove the quotes)';
  if (schema.type === 'boolean' && typeof value === 'string' && /^(true|false|yes|no|on|off)$/i.test(value))
    return ' (remove the quotes)';
  if (schema[NAME_LIST] === true && isMapping(value)) {
    const bad = Object.entries(value).find(([, v]) => typeof v !== 'boolean');
    if (bad) return ` ("${bad[0]}" is ${describe(bad[1])}: in the mapping form each name is true or false)`;
  }
  return '';
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return `a list (${show(value)})`;
  if (isMapping(value)) return `a mapping (${show(value)})`;
  if (typeof value === 'string') return `the text ${show(value)}`;
  if (value === null) return 'nothing (null)';
  return `the ${typeof value} ${String(value)}`;
}

/** A value as it would read in a message: JSON, cut at 60 characters. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
