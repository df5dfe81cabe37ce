import { Type, type TSchema, type TObject, type StringOptions } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';

/** Schema keyword marking a string as a filesystem path, resolved against the folder of the file that set it. */
export const PATH_KEYWORD = 'x-dird-path';

/** A string that names a file or folder; a relative value is resolved against its config file's folder. */
export function PathString(options: StringOptions = {}) {
  return Type.String({ ...options, [PATH_KEYWORD]: true });
}

/** The keys every source block may carry, with xivo-dird's meaning (behaviour reference §3.4). */
export const commonSourceProperties = {
  name: Type.String({ minLength: 1, description: 'Unique source name, used as `source` in results.' }),
  type: Type.String({ minLength: 1, description: 'The backend name.' }),
  searched_columns: Type.Optional(Type.Array(Type.String(), { description: 'Columns `search` matches against.' })),
  first_matched_columns: Type.Optional(
    Type.Array(Type.String(), { description: 'Columns `firstMatch` (reverse lookup) compares exactly.' }),
  ),
  format_columns: Type.Optional(
    Type.Record(Type.String(), Type.String(), {
      description: 'New field name -> template such as "{firstname} {lastname}".',
    }),
  ),
  unique_column: Type.Optional(Type.String({ description: "The field holding the contact's unique id." })),
};

/** One problem found in a config block; `path` is a JSON pointer inside the block. */
export interface SchemaProblem {
  readonly path: string;
  readonly message: string;
}

/** What {@link checkBlock} found. */
export interface CheckedBlock<T> {
  /** The block with defaults applied (a copy; the input is left untouched). */
  readonly value: T;
  readonly problems: readonly SchemaProblem[];
  /** Keys the schema does not know: ignored, and worth a warning (a typo, most often). */
  readonly unknownKeys: readonly string[];
}

/** Validates a config block against a plugin's schema; reports every problem, never throws. */
export function checkBlock<T = unknown>(schema: TSchema, block: unknown, maxProblems = 10): CheckedBlock<T> {
  const value = Value.Default(schema, Value.Clone(block ?? {})) as T;
  const problems: SchemaProblem[] = [];
  for (const error of Value.Errors(schema, value)) {
    problems.push({ path: error.path || '/', message: error.message });
    if (problems.length >= maxProblems) break;
  }
  return { value, problems, unknownKeys: unknownKeysOf(schema, value, '') };
}

function unknownKeysOf(schema: TSchema, value: unknown, prefix: string): string[] {
  if (!isObjectSchema(schema) || value === null || typeof value !== 'object' || Array.isArray(value)) return [];
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(value)) {
    const sub = schema.properties[key];
    if (!sub) out.push(`${prefix}/${key}`);
    else out.push(...unknownKeysOf(sub, child, `${prefix}/${key}`));
  }
  return out;
}

function isObjectSchema(schema: TSchema): schema is TObject {
  return schema.type === 'object' && typeof schema.properties === 'object';
}

/**
 * Resolves, in place, every value the schema marks as a path: `resolve(value, pointer)` gets the value and
 * its JSON pointer inside the block, and returns the absolute path.
 */
export function resolveSchemaPaths(
  schema: TSchema,
  block: unknown,
  resolve: (value: string, pointer: string) => string,
  pointer = '',
): void {
  if (!isObjectSchema(schema) || block === null || typeof block !== 'object') return;
  const record = block as Record<string, unknown>;
  for (const [key, sub] of Object.entries(schema.properties)) {
    const value = record[key];
    const here = `${pointer}/${key}`;
    if (typeof value === 'string' && (sub as Record<string, unknown>)[PATH_KEYWORD]) record[key] = resolve(value, here);
    else if (value && typeof value === 'object') resolveSchemaPaths(sub, value, resolve, here);
  }
}
