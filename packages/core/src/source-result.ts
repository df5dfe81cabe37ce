import { dialledNumber } from './phone.js';
import type { Display } from './display.js';
import type { JsonAnswer } from './json-answer.js';

/** The links of a result to PBX objects; null unless a backend knows them. */
export interface Relations {
  xivo_id: string | null;
  agent_id: string | number | null;
  user_id: string | number | null;
  user_uuid: string | null;
  endpoint_id: string | number | null;
  source_entry_id: string | null;
}

/** One contact found by a source: raw fields plus format columns. */
export interface SourceResult {
  /** The source's name (config `name`). */
  readonly source: string;
  /** The backend type (config `type`). */
  readonly backend: string;
  /** Raw fields, then format columns applied over them. */
  readonly fields: Record<string, unknown>;
  readonly relations: Relations;
  readonly isPersonal: boolean;
  /**
   * Optional: this result's entry of a lookup answer as JSON text, written straight from the source's own data
   * (a CSV row) without building `fields` first. It must equal what {@link entryJson} writes from `fields` and
   * `relations`; {@link RowLayout} gives it to backends whose rows are text values under a header.
   */
  entryJson?(display: Display, favorite: boolean): string;
  /**
   * Optional: appends this result's entry (the text of `entryJson`) to `answer`, from bytes the source prepared
   * at load ({@link PreparedEntries}) when it has them for `display`, else as text.
   */
  writeEntry?(answer: JsonAnswer, display: Display, favorite: boolean): void;
  /**
   * Optional: one field, as `fields` has it as its own property (undefined when not), without building the
   * others: a phone view reads two or three fields of each result. {@link RowLayout.fieldOf} gives it.
   */
  field?(name: string): unknown;
  /**
   * Optional: `fields` as JSON text, exactly what `JSON.stringify(fields)` writes, without building them: a reverse
   * answer carries every field of its match. {@link RowLayout.fieldsJson} gives it.
   */
  fieldsJson?(): string;
  /**
   * Optional: field `name` as phones dial it, exactly `dialledNumber(fieldText(fieldOf(this, name)))`, and
   * undefined when the field has no text (`fieldText` gives ''): a phone view dials two or three fields of each
   * result, which a source may have read and made dialable at load ({@link PreparedField}). {@link dialledField}
   * reads it.
   */
  dialled?(name: string): string | undefined;
  /**
   * Optional: whether `relations.source_entry_id` is one of `ids`, without making the relations: a favorite
   * flag asks it of every result of a lookup. {@link RowLayout.entryIdReading} gives it.
   */
  entryIdIn?(ids: ReadonlySet<string>): boolean;
}

/** Field `name` of `result`: its own {@link SourceResult.field} when it has one, else from `fields`. */
export function fieldOf(result: SourceResult, name: string): unknown {
  return result.field !== undefined ? result.field(name) : ownField(result.fields, name);
}

/**
 * A field's value as text, as the phone views show it: a string as it is, a number or boolean written out, a
 * list (a multi-valued LDAP attribute) as its first value; '' for anything else (null, absent, an object).
 */
export function fieldText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? fieldText(value[0]) : '';
  return '';
}

/**
 * Field `name` of `result` as phones dial it ({@link dialledNumber} of its {@link fieldText}); undefined when
 * the field has no text. From the result's own {@link SourceResult.dialled} when it has one.
 */
export function dialledField(result: SourceResult, name: string): string | undefined {
  return result.dialled !== undefined ? result.dialled(name) : dialledValue(fieldOf(result, name));
}

/** A field's value as phones dial it ({@link dialledNumber} of its {@link fieldText}); undefined when it has no text. */
export function dialledValue(value: unknown): string | undefined {
  const text = fieldText(value);
  return text === '' ? undefined : dialledNumber(text);
}

/** `fields[name]` when it is the object's own property, else undefined (never what the prototype has). */
export function ownField(fields: Readonly<Record<string, unknown>>, name: string): unknown {
  return Object.hasOwn(fields, name) ? fields[name] : undefined;
}

/** Relations with every link null. */
export function emptyRelations(sourceEntryId: string | null = null): Relations {
  return {
    xivo_id: null,
    agent_id: null,
    user_id: null,
    user_uuid: null,
    endpoint_id: null,
    source_entry_id: sourceEntryId,
  };
}
