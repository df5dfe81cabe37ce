import { isDeepStrictEqual } from 'node:util';
import type { TSchema } from '@sinclair/typebox';
import { checkBlock, type SchemaProblem } from '../config-schema.js';

/**
 * What a config key holds, as its docs say. The outcome of every wrong type follows from it: one text where a
 * list of texts is expected is that list (what the user plainly meant); any other wrong type is a problem at
 * that key, with a hint saying what was found, and the value is never replaced by a default.
 */
export type KeyKind =
  | 'text' // a string (digits or yes/no there need quotes in YAML)
  | 'number'
  | 'integer'
  | 'boolean'
  | 'texts' // a list of strings; one string is a list of one
  | 'names' // a list of names, or a mapping of name to true/false; one string is a list of one
  | 'text-or-texts' // a string or a list of strings, both taken as they are
  | 'mapping'
  | 'list' // a list of mappings (a display)
  | 'any'; // anything, taken as it is (a display column's default)

/** What `key:` with nothing after it (null) means: the key is absent, null is kept (it means none), or a problem. */
export type OnNull = 'absent' | 'kept' | 'error';

/** One key of a schema, for {@link wrongTypeCases}. */
export interface KeyRow {
  /** Dotted, inside the block: `ldap_timeout`, `default.sources` (profile `default`), `displays.d.0.title`. */
  readonly key: string;
  readonly kind: KeyKind;
  readonly onNull: OnNull;
}

/** The keys every source block has (reference §3.4), for a backend's table. */
export const COMMON_SOURCE_ROWS: readonly KeyRow[] = [
  { key: 'name', kind: 'text', onNull: 'error' },
  { key: 'type', kind: 'text', onNull: 'error' },
  { key: 'searched_columns', kind: 'texts', onNull: 'absent' },
  { key: 'first_matched_columns', kind: 'texts', onNull: 'absent' },
  { key: 'format_columns', kind: 'mapping', onNull: 'absent' },
  { key: 'format_columns.name', kind: 'text', onNull: 'error' },
  { key: 'unique_column', kind: 'text', onNull: 'absent' },
];

/** One case of the table: `check()` throws, saying what happened, when the outcome is not the expected one. */
export interface WrongTypeCase {
  readonly name: string;
  check(): void;
}

/** A value of each type; a key is given every one that is not its own. */
export const WRONG_VALUES = {
  string: 'x',
  number: 7,
  boolean: true,
  list: ['a'],
  mapping: { a: 1 },
  null: null,
} as const;

type WrongType = keyof typeof WRONG_VALUES;

const OWN: Record<KeyKind, readonly WrongType[]> = {
  text: ['string'],
  number: ['number'],
  integer: ['number'],
  boolean: ['boolean'],
  texts: ['list'],
  names: ['list'],
  'text-or-texts': ['string', 'list'],
  mapping: ['mapping'],
  list: ['list'],
  any: [],
};

/**
 * The wrong-type table of a schema: for every row, a case per wrong type (string, number, boolean, list,
 * mapping) and one for null, checked with {@link checkBlock} on `base` (a valid block) with the key set.
 * Framework-free: `for (const c of wrongTypeCases(...)) it(c.name, () => c.check())`.
 */
export function wrongTypeCases(
  schema: TSchema,
  base: Record<string, unknown>,
  rows: readonly KeyRow[],
): WrongTypeCase[] {
  const cases: WrongTypeCase[] = [];
  for (const row of rows) {
    const types = (Object.keys(WRONG_VALUES) as WrongType[]).filter((t) => t !== 'null' && !OWN[row.kind].includes(t));
    for (const type of types) {
      cases.push({ name: `${row.key}: ${type}`, check: () => checkWrongType(schema, base, row, type) });
    }
    cases.push({
      name: `${row.key}: null (\`key:\` with nothing) is ${row.onNull}`,
      check: () => checkNull(schema, base, row),
    });
  }
  return cases;
}

function checkWrongType(schema: TSchema, base: Record<string, unknown>, row: KeyRow, type: WrongType): void {
  const written = WRONG_VALUES[type];
  const { value, problems } = checkBlock(schema, withValue(base, row.key, written));
  const plain =
    (row.kind === 'texts' || row.kind === 'names') && type === 'string'
      ? [written]
      : row.kind === 'any'
        ? written
        : undefined;
  if (plain !== undefined) {
    expectThat(problems.length === 0, `no problem, got ${JSON.stringify(problems)}`);
    expectThat(
      isDeepStrictEqual(valueAt(value, row.key), plain),
      `${JSON.stringify(plain)}, got ${JSON.stringify(valueAt(value, row.key))}`,
    );
    return;
  }
  const problem = problemAt(problems, row.key);
  expectThat(problem !== undefined, `a problem at ${row.key}, got ${JSON.stringify(problems)}`);
  // Never replaced by a default: the block keeps what was written, for the message to show it.
  expectThat(
    isDeepStrictEqual(valueAt(value, row.key), written),
    `the value kept as written, got ${JSON.stringify(valueAt(value, row.key))}`,
  );
  expectThat(/^got /.test(problem?.hint ?? ''), `a hint saying what was found, got ${JSON.stringify(problem)}`);
}

function checkNull(schema: TSchema, base: Record<string, unknown>, row: KeyRow): void {
  const { value, problems } = checkBlock(schema, withValue(base, row.key, null));
  if (row.onNull === 'error') {
    const problem = problemAt(problems, row.key);
    expectThat(
      /has no value/.test(problem?.hint ?? ''),
      `a problem saying the key has no value, got ${JSON.stringify(problems)}`,
    );
    return;
  }
  expectThat(problems.length === 0, `no problem, got ${JSON.stringify(problems)}`);
  const got = valueAt(value, row.key);
  if (row.onNull === 'kept') return expectThat(got === null, `null kept, got ${JSON.stringify(got)}`);
  const absent = valueAt(checkBlock(schema, withoutKey(base, row.key)).value, row.key);
  expectThat(
    isDeepStrictEqual(got, absent),
    `what an absent key gets (${JSON.stringify(absent)}), got ${JSON.stringify(got)}`,
  );
}

function expectThat(ok: boolean, expected: string): void {
  if (!ok) throw new Error(`expected ${expected}`);
}

/** The problem at `key` or inside it (`enabled_plugins.backends.a` for a bad entry of a mapping form). */
function problemAt(problems: readonly SchemaProblem[], key: string): SchemaProblem | undefined {
  const pointer = `/${key.replaceAll('.', '/')}`;
  return problems.find((p) => p.path === pointer || p.path.startsWith(`${pointer}/`));
}

function withValue(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const block = structuredClone(base);
  const parts = key.split('.');
  let at: Record<string, unknown> = block;
  for (const part of parts.slice(0, -1)) {
    at[part] ??= {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1]] = structuredClone(value);
  return block;
}

function withoutKey(base: Record<string, unknown>, key: string): Record<string, unknown> {
  const block = structuredClone(base);
  const parts = key.split('.');
  const parent = parts.length > 1 ? valueAt(block, parts.slice(0, -1).join('.')) : block;
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[parts[parts.length - 1]];
  return block;
}

function valueAt(block: unknown, key: string): unknown {
  return key.split('.').reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], block);
}
