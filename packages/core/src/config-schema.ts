import { Type, type TSchema, type TObject, type StringOptions, type ArrayOptions } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { fillDefaults } from './config-defaults.js';
import { EXPECTED_KEYWORD, preciseErrors, typeMismatchHint } from './config-hints.js';

export { EXPECTED_KEYWORD };

/** Schema keyword marking a string as a filesystem path, resolved against the folder of the file that set it. */
export const PATH_KEYWORD = 'x-dird-path';
/** Schema keyword marking a list of names that may also be written as a mapping of name to true/false. */
export const NAME_LIST_KEYWORD = 'x-dird-name-list';

/** A string that names a file or folder; a relative value is resolved against its config file's folder. */
export function PathString(options: StringOptions = {}) {
  return Type.String({ ...options, [PATH_KEYWORD]: true });
}

/**
 * A list of names, also accepted as a mapping of name to true/false (wazo-dird's form: the names whose value is
 * true, in the mapping's order) or as a single name. The validated value is always the list.
 */
export function NameList(options: ArrayOptions = {}) {
  return Type.Array(Type.String(), { ...options, [NAME_LIST_KEYWORD]: true });
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
  /** For a value of the wrong type: what was found and how to write what is expected (quotes, a mapping…). */
  readonly hint?: string;
}

/** What {@link checkBlock} found. */
export interface CheckedBlock<T> {
  /** The block with defaults applied (a copy; the input is left untouched). */
  readonly value: T;
  readonly problems: readonly SchemaProblem[];
  /** Keys the schema does not know: ignored, and worth a warning (a typo, most often). */
  readonly unknownKeys: readonly string[];
}

/**
 * Validates a config block against a plugin's schema; reports every problem, never throws. Defaults fill only
 * what is absent: a value of the wrong type is reported, never replaced. What the user plainly meant is taken:
 * a single string where a list of strings is expected, a mapping of name to true/false for a {@link NameList}.
 */
export function checkBlock<T = unknown>(schema: TSchema, block: unknown, maxProblems = 10): CheckedBlock<T> {
  const value = fillDefaults(schema, block === null ? undefined : Value.Clone(block)) as T;
  const problems: SchemaProblem[] = [];
  for (const error of preciseErrors(Value.Errors(schema, value))) {
    const hint = typeMismatchHint(error);
    problems.push({ path: error.path || '/', message: error.message, ...(hint ? { hint } : {}) });
    if (problems.length >= maxProblems) break;
  }
  return { value, problems, unknownKeys: unknownKeysOf(schema, value, '') };
}

function unknownKeysOf(schema: TSchema, value: unknown, prefix: string): string[] {
  if (Array.isArray(value)) {
    const items = schema.type === 'array' ? (schema.items as TSchema | undefined) : undefined;
    return items ? value.flatMap((v, i) => unknownKeysOf(items, v, `${prefix}/${i}`)) : [];
  }
  if (Array.isArray(schema.anyOf)) {
    // The variant the value fits (a union of a list and null, say): its keys are the known ones.
    const fit = (schema.anyOf as TSchema[]).find((v) => Value.Check(v, value));
    return fit ? unknownKeysOf(fit, value, prefix) : [];
  }
  if (value === null || typeof value !== 'object') return [];
  const record = value as Record<string, unknown>;
  const patterns = (schema.patternProperties ?? {}) as Record<string, TSchema>;
  const values = Object.values(patterns)[0];
  if (schema.type === 'object' && values && !schema.properties) {
    // A record (profile name -> profile): each value's own keys are checked.
    return Object.entries(record).flatMap(([k, v]) => unknownKeysOf(values, v, `${prefix}/${k}`));
  }
  if (!isObjectSchema(schema)) return [];
  if (schema.additionalProperties !== undefined && schema.additionalProperties !== true) return [];
  const out: string[] = [];
  for (const [key, child] of Object.entries(record)) {
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

/** Where a block sits in the config, to name it in errors and resolve its paths. */
export interface BlockPlace {
  /** The block's key path in the merged config: `['sources', 'crm']`, `['services', 'lookup']`, `['views']`. */
  readonly keyPath: readonly string[];
  /** The config file that set the value at a key path (the nearest one that did), for messages. */
  fileOf?(keyPath: readonly string[]): string | undefined;
  /** The absolute path of a relative path value set at a key path (against the folder of its file). */
  resolvePath?(value: string, keyPath: readonly string[]): string;
}

/** What {@link validateBlock} found: the value, or the errors; and the unknown keys, as dotted keys. */
export interface ValidatedBlock<T> {
  readonly value: T;
  /** Every problem, each naming its file and dotted key (`sources.crm.port`). */
  readonly errors: readonly ConfigProblem[];
  /** Keys the schema does not know, each with its file: worth a warning. */
  readonly unknownKeys: readonly ConfigProblem[];
}

/** One problem of a block, located. */
export interface ConfigProblem {
  /** The dotted key: `services.lookup.default.timeout`. */
  readonly key: string;
  readonly file: string | undefined;
  readonly message: string;
}

/**
 * The one validator of plugin blocks (sources, services, views): checks `block` against `schema`, locates
 * every problem by file and dotted key, and resolves path values against their files' folders.
 */
export function validateBlock<T>(schema: TSchema, block: unknown, place: BlockPlace): ValidatedBlock<T> {
  const checked = checkBlock<T>(schema, block);
  const locate = (pointer: string, message: string): ConfigProblem => {
    const keyPath = [...place.keyPath, ...fromPointer(pointer)];
    return { key: keyPath.join('.'), file: place.fileOf?.(keyPath), message };
  };
  const errors = checked.problems.map((p) => locate(p.path, withHint(p)));
  const unknownKeys = checked.unknownKeys.map((k) => locate(k, 'unknown key (ignored)'));
  if (errors.length === 0 && place.resolvePath) {
    resolveSchemaPaths(schema, checked.value, (value, pointer) =>
      place.resolvePath!(value, [...place.keyPath, ...fromPointer(pointer)]),
    );
  }
  return { value: checked.value, errors, unknownKeys };
}

/** A problem's message with its hint, if any: `Expected string (got the number 1234; expected text …)`. */
export function withHint(problem: SchemaProblem): string {
  return problem.hint ? `${problem.message} (${problem.hint})` : problem.message;
}

/** `file: key: message`, or `key: message` when the file is not known. */
export function formatConfigProblem(problem: ConfigProblem): string {
  return `${problem.file ? `${problem.file}: ` : ''}${problem.key}: ${problem.message}`;
}

/** The keys of a JSON pointer (`/a/b~1c` → `['a', 'b/c']`); `/` alone is the block itself. */
export function fromPointer(pointer: string): string[] {
  if (pointer === '' || pointer === '/') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((k) => k.replace(/~1/g, '/').replace(/~0/g, '~'));
}
