import type { Display } from './display.js';
import type { ResultBuilder } from './result-builder.js';
import { emptyRelations, type Relations, type SourceResult } from './source-result.js';
import type { TemplatePart } from './template.js';

/**
 * Where a value of a row comes from, resolved once against the header: the row's value at a column index, a
 * format column rendered before, or nothing (a field the row does not have).
 */
type Ref =
  | { readonly at: 'value'; readonly index: number; readonly earlier: readonly number[] }
  | { readonly at: 'format'; readonly index: number }
  | null;

/** A format column compiled against the header: its parts read row values or format columns before it. */
interface CompiledFormat {
  readonly parts: readonly (string | Ref)[];
}

/** One key of a row's `fields` as {@link RowLayout.fieldsJson} writes it, and where its value is. */
interface FieldStep {
  /** The key as JSON, with its colon. */
  readonly key: string;
  readonly ref: Ref;
}

/** How one column of a display is written for a row. */
type CompiledColumn =
  | { readonly kind: 'ref'; readonly ref: Ref; readonly fallback: unknown }
  | { readonly kind: 'favorite' }
  | { readonly kind: 'literal'; readonly value: unknown };

/** A display compiled against the layout: its columns, and which format columns it needs rendered. */
interface CompiledDisplay {
  readonly columns: readonly CompiledColumn[];
  readonly formats: readonly boolean[];
}

/**
 * Reads one value of a row: `column`'s value, or undefined past the row's end. With the row given apart
 * (`row`), a backend reads a row kept as one line without splitting it, and without a closure per call.
 */
export type ColumnRead<R> = (row: R, column: number) => string | undefined;

/** {@link ColumnRead} of a row given as its values. */
const fromValues: ColumnRead<readonly string[]> = (values, column) => values[column];

/** A string as JSON; most directory values need no escaping and are quoted as they are. */
export function jsonString(value: string): string {
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** True when `text` has a character JSON writes escaped: no part of a text without one needs escaping either. */
export function needsJsonEscape(text: string): boolean {
  return NEEDS_ESCAPE.test(text);
}

// What JSON.stringify writes other than as itself: quotes, backslashes, control characters, and surrogates (a lone
// one is escaped; a pair is kept, but telling them apart is left to JSON.stringify).
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/**
 * A source's rows as text values under a header (the rows of a CSV file), with its `format_columns` and
 * `unique_column` compiled against that header. It gives each row's fields and relations as
 * {@link ResultBuilder} would from the row's record, and writes a row's entry of a lookup answer as JSON text in
 * one pass, per display, without building the record, the format columns the display does not show, or the
 * objects `JSON.stringify` would walk (docs/benchmarks.md, finding 19). Made once per loaded header.
 */
export class RowLayout {
  /**
   * The indexes of each column name, last first: a row's record keeps the last of them the row is long enough
   * to have.
   */
  private readonly columnOf = new Map<string, number[]>();
  private readonly formats: readonly CompiledFormat[];
  private readonly uniqueRef: Ref;
  /** How each field read by {@link fieldOf} is found (names are few: a display's, a phone view's). */
  private readonly fieldPlans = new Map<string, { readonly ref: Ref; readonly formats: readonly boolean[] }>();
  private readonly tail: string;
  private readonly compiled = new WeakMap<Display, CompiledDisplay>();
  /** Every format column: what `fields` holds. */
  private readonly allFormats: readonly boolean[];
  /** No literal text of a format column needs escaping in JSON. */
  private readonly plainFormats: boolean;
  /** How {@link fieldsJson} writes a row of `n` values (the keys of a record depend on the row's length only). */
  private readonly fieldsPlans: (readonly FieldStep[])[] = [];
  readonly source: string;
  readonly backend: string;
  readonly isPersonal: boolean;

  constructor(
    readonly header: readonly string[],
    private readonly builder: ResultBuilder,
  ) {
    // A `__proto__` column is no own field of a record (assigning it sets nothing): never read here either.
    header.forEach((name, i) => {
      if (name === '__proto__') return;
      const indexes = this.columnOf.get(name);
      if (indexes) indexes.unshift(i);
      else this.columnOf.set(name, [i]);
    });
    const { options, templates } = builder;
    this.source = options.source;
    this.backend = options.backend;
    this.isPersonal = options.isPersonal ?? false;
    this.formats = templates.map(([, template], k) => ({
      parts: template.parts.map((part: TemplatePart) => (typeof part === 'string' ? part : this.refOf(part.field, k))),
    }));
    const unique = options.uniqueColumn;
    this.uniqueRef = unique ? this.refOf(unique, 0) : null;
    this.tail = `,"source":${JSON.stringify(this.source)},"backend":${JSON.stringify(this.backend)}}`;
    this.allFormats = this.formats.map(() => true);
    this.plainFormats = this.formats.every((f) => f.parts.every((p) => typeof p !== 'string' || !NEEDS_ESCAPE.test(p)));
  }

  /** The result of row `values`: what {@link ResultBuilder.buildOwned} makes of its record. */
  build(values: readonly string[]): SourceResult {
    return this.builder.buildOwned(this.record(values));
  }

  /** Row `values` as a field mapping: short rows lack the missing keys, extra values are dropped. */
  record(values: readonly string[]): Record<string, string> {
    const { header } = this;
    const fields: Record<string, string> = {};
    const n = Math.min(header.length, values.length);
    for (let i = 0; i < n; i++) fields[header[i]] = values[i];
    return fields;
  }

  /**
   * Field `name` of row `values`, as the own field of `build(values).fields` (undefined when it has none),
   * rendering only the format columns it reads: a phone view reads two or three fields of each result.
   */
  fieldOf(values: readonly string[], name: string): unknown {
    let plan = this.fieldPlans.get(name);
    if (plan === undefined) {
      const ref = this.refOf(name, this.formats.length);
      const formats = new Array<boolean>(this.formats.length).fill(false);
      this.need(ref, formats);
      this.fieldPlans.set(name, (plan = { ref, formats }));
    }
    const { ref } = plan;
    if (ref === null) return undefined;
    if (ref.at === 'format') return this.renderFormats(plan.formats, values)![ref.index];
    return valueAt(ref, values, fromValues);
  }

  /**
   * `build(values).fields` as JSON text, exactly as `JSON.stringify` writes it, without making the record or
   * walking it: a reverse answer carries every field of the row it found. `plain`: the caller knows that no value
   * of the row has a character JSON escapes (a CSV row kept as a line without one: {@link needsJsonEscape}).
   */
  fieldsJson(values: readonly string[], plain = false): string {
    const n = Math.min(this.header.length, values.length);
    const plan = (this.fieldsPlans[n] ??= this.fieldsPlan(n));
    const formatted = this.renderFormats(this.allFormats, values);
    // Values of a row whose text needs no escaping are quoted as they are, and so are format columns made of them
    // and of plain literal text: a regular expression per value was a fifth of a reverse lookup's own work.
    const quoteOnly = plain && this.plainFormats;
    let out = '{';
    for (let i = 0; i < plan.length; i++) {
      const { key, ref } = plan[i];
      const value =
        ref === null ? null : ref.at === 'format' ? formatted![ref.index] : valueAt(ref, values, fromValues);
      const json = value === null || value === undefined ? 'null' : quoteOnly ? `"${value}"` : jsonString(value);
      out += `${i > 0 ? ',' : ''}${key}${json}`;
    }
    return `${out}}`;
  }

  /**
   * The keys of the record of a row of `n` values, in the order `JSON.stringify` writes them (integer-like keys
   * first, then as inserted: the header's, then the format columns not among them), each with where its value is.
   */
  private fieldsPlan(n: number): FieldStep[] {
    // The same assignments as `record` and `buildOwned`, on a probe: its keys come out in their order.
    const probe: Record<string, number> = {};
    for (let i = 0; i < n; i++) probe[this.header[i]] = i;
    const { templates } = this.builder;
    for (let k = 0; k < templates.length; k++) probe[templates[k][0]] = k;
    // Each key's value is what a display column of that name shows: the last format column of the name, else
    // the row's column.
    return Object.keys(probe).map((key) => ({
      key: `${JSON.stringify(key)}:`,
      ref: this.refOf(key, templates.length),
    }));
  }

  /**
   * The relations of a row (its `source_entry_id` from the unique column), as `build` gives them, from the one
   * value they need, read by `read(row, column)` (undefined past the row's end): a favorite flag asks them of every
   * result, and a row kept as a line then need not be split.
   */
  relationsReading<R>(row: R, read: ColumnRead<R>): Relations {
    return emptyRelations(this.entryIdReading(row, read));
  }

  /** The `source_entry_id` of {@link relationsReading}, without making the relations. */
  entryIdReading<R>(row: R, read: ColumnRead<R>): string | null {
    const ref = this.uniqueRef;
    return this.builder.entryIdOf(ref?.at === 'value' ? valueAt(ref, row, read) : undefined);
  }

  /** The row's entry of a lookup answer for `display`: the JSON text of `entryJson` in display.ts. */
  entryJson(display: Display, values: readonly string[], favorite: boolean): string {
    const plan = this.planOf(display);
    // One JSON.stringify of the column values: a flat string written natively, where building it piece by
    // piece leaves a rope of small strings to flatten when the answer is sent.
    const shown = this.columnValues(plan, values, favorite);
    return `{"column_values":${JSON.stringify(shown)}${this.entryEnd(values)}`;
  }

  /**
   * The row's entry for `display` split at its favorite flags: joined with `false` (or `true`) between the
   * pieces, the text of {@link entryJson} with that flag. One piece when the display shows no flag. What
   * {@link PreparedEntries} writes at load.
   */
  entryPieces(display: Display, values: readonly string[]): string[] {
    const plan = this.planOf(display);
    const shown = this.columnValues(plan, values, false);
    const pieces: string[] = [];
    let piece = '{"column_values":[';
    for (let i = 0; i < shown.length; i++) {
      if (i > 0) piece += ',';
      if (plan.columns[i].kind === 'favorite') {
        pieces.push(piece);
        piece = '';
      } else piece += JSON.stringify(shown[i]) ?? 'null';
    }
    pieces.push(`${piece}]${this.entryEnd(values)}`);
    return pieces;
  }

  private planOf(display: Display): CompiledDisplay {
    let plan = this.compiled.get(display);
    if (plan === undefined) this.compiled.set(display, (plan = this.compile(display)));
    return plan;
  }

  /** What follows the column values in the row's entry: its relations, source and backend. */
  private entryEnd(values: readonly string[]): string {
    const id = this.entryId(values);
    const link = id === null ? '"source_entry_id":null}' : `"source_entry_id":${jsonString(id)}}`;
    return `,"relations":{"xivo_id":null,"agent_id":null,"user_id":null,"user_uuid":null,"endpoint_id":null,${link}${this.tail}`;
  }

  /** The values of the display's columns for the row. */
  private columnValues(plan: CompiledDisplay, values: readonly string[], favorite: boolean): unknown[] {
    const formatted = this.renderFormats(plan.formats, values);
    const { columns } = plan;
    const shown = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const column = columns[i];
      if (column.kind === 'ref') {
        const ref = column.ref;
        if (ref === null) shown[i] = column.fallback;
        else if (ref.at === 'format') shown[i] = formatted![ref.index];
        else {
          const value = valueAt(ref, values, fromValues);
          shown[i] = value === undefined ? column.fallback : value;
        }
      } else if (column.kind === 'favorite') shown[i] = favorite;
      else shown[i] = column.value;
    }
    return shown;
  }

  /** The `source_entry_id` of row `values`, as `build` gives it. */
  entryId(values: readonly string[]): string | null {
    return this.entryIdReading(values, fromValues);
  }

  /**
   * Field `field` as format column `before` sees it: a format column before it (the last of that name), else the
   * row's column of that name. `before` past the last format column gives what a display column sees.
   */
  private refOf(field: string, before: number): Ref {
    const { templates } = this.builder;
    for (let k = Math.min(before, templates.length) - 1; k >= 0; k--) {
      if (templates[k][0] === field) return field === '__proto__' ? null : { at: 'format', index: k };
    }
    const indexes = this.columnOf.get(field);
    return indexes === undefined ? null : { at: 'value', index: indexes[0], earlier: indexes.slice(1) };
  }

  private compile(display: Display): CompiledDisplay {
    const all = this.formats.length;
    const needed = new Array<boolean>(all).fill(false);
    const need = (ref: Ref) => this.need(ref, needed);
    const columns = display.plan.map((step): CompiledColumn => {
      if (step.kind === 'field') {
        const ref = this.refOf(step.field, all);
        need(ref);
        return { kind: 'ref', ref, fallback: step.fallback };
      }
      if (step.kind === 'default') return { kind: 'literal', value: step.fallback };
      if (step.kind === 'favorite') return { kind: 'favorite' };
      return { kind: 'literal', value: this.isPersonal };
    });
    return { columns, formats: needed };
  }

  /** Marks in `needed` the format column `ref` names, and those it reads, recursively. */
  private need(ref: Ref, needed: boolean[]): void {
    if (ref === null || ref.at !== 'format' || needed[ref.index]) return;
    needed[ref.index] = true;
    for (const part of this.formats[ref.index].parts) if (typeof part !== 'string') this.need(part, needed);
  }

  /** The format columns `needed` renders for the row, in order (the others stay undefined); none: undefined. */
  private renderFormats(needed: readonly boolean[], values: readonly string[]): (string | null)[] | undefined {
    let out: (string | null)[] | undefined;
    for (let k = 0; k < needed.length; k++) {
      if (!needed[k]) continue;
      out ??= new Array<string | null>(needed.length).fill(null);
      let text = '';
      for (const part of this.formats[k].parts) {
        if (typeof part === 'string') text += part;
        else if (part === null) continue;
        else if (part.at === 'format') text += out[part.index] ?? '';
        else text += valueAt(part, values, fromValues) ?? '';
      }
      text = text.trim();
      out[k] = text === '' ? null : text;
    }
    return out;
  }
}

/** The row's value of a column: its last index the row is long enough to have; undefined for none. */
function valueAt<R>(
  ref: { readonly index: number; readonly earlier: readonly number[] },
  row: R,
  read: ColumnRead<R>,
): string | undefined {
  const value = read(row, ref.index);
  if (value !== undefined) return value;
  for (const i of ref.earlier) {
    const earlier = read(row, i);
    if (earlier !== undefined) return earlier;
  }
  return undefined;
}
