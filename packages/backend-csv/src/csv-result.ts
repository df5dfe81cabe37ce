import {
  dialledValue,
  ownField,
  type Display,
  type JsonAnswer,
  type PreparedEntries,
  type PreparedField,
  type Relations,
  type RowLayout,
  type SourceResult,
} from '@dird/core';
import type { CsvSnapshot } from './csv-snapshot.js';
import { IdHashSets } from './id-hashes.js';

/** The prepared phone fields of a loaded file (`CsvSourcePlugin`), by field name. */
export interface PhoneColumns {
  /** Name candidates: each row's value as `field` gives it. */
  readonly fields: ReadonlyMap<string, PreparedField>;
  /** Number candidates: each row's value as `dialled` gives it. */
  readonly dialled: ReadonlyMap<string, PreparedField>;
}

const NO_PHONE_COLUMNS: PhoneColumns = { fields: new Map(), dialled: new Map() };

/**
 * One loaded version of the file as its results read it: the rows, the layout of its header, and its entries
 * prepared per display ({@link Display.key}); replaced whole on reload.
 */
export class CsvLoaded {
  private lastDisplay: Display | undefined;
  private lastEntries: PreparedEntries | undefined;

  /** The hashes of the favorite sets asked of this version. */
  readonly hashSets = new IdHashSets();

  constructor(
    readonly snapshot: CsvSnapshot,
    readonly layout: RowLayout,
    readonly prepared: ReadonlyMap<string, PreparedEntries>,
    /** Each row's {@link idHash}, when made at load (for a display showing favorites). */
    readonly idHashes?: Int32Array,
    /** The fields the phone views read, each row's value read at load, by field name: shown, and dialled. */
    readonly phone: PhoneColumns = NO_PHONE_COLUMNS,
  ) {}

  /** The entries prepared for `display`, if any: found by its key, and kept for the display asked last. */
  entriesFor(display: Display): PreparedEntries | undefined {
    if (display !== this.lastDisplay) {
      this.lastEntries = this.prepared.get(display.key);
      this.lastDisplay = display;
    }
    return this.lastEntries;
  }
}

/**
 * A CSV row found by a search. A lookup copies its entry from the bytes prepared at load for the display
 * ({@link PreparedEntries}), or writes it from the row's values ({@link RowLayout.entryJson}) for a display
 * without them; the row is split into values, and its `fields` and `relations` made, only when something reads
 * them (a phone view, a favorite flag), once; a reverse answer writes the fields' JSON from the values.
 */
export class CsvResult implements SourceResult {
  readonly source: string;
  readonly backend: string;
  readonly isPersonal: boolean;
  private split: readonly string[] | undefined;
  private built: SourceResult | undefined;
  private links: Relations | undefined;

  constructor(
    private readonly loaded: CsvLoaded,
    private readonly row: number,
  ) {
    const { layout } = loaded;
    this.source = layout.source;
    this.backend = layout.backend;
    this.isPersonal = layout.isPersonal;
  }

  private get values(): readonly string[] {
    return (this.split ??= this.loaded.snapshot.values(this.row));
  }

  get fields(): Record<string, unknown> {
    return (this.built ??= this.loaded.layout.build(this.values)).fields;
  }

  get relations(): Relations {
    if (this.built) return this.built.relations;
    // Only the unique column is read: one value, from the row split or not.
    return (this.links ??= this.loaded.layout.relationsReading(this, readColumn));
  }

  entryIdIn(ids: ReadonlySet<string>): boolean {
    // A favorite flag asks this of every result. Most rows are no favorite, and their hash says so without
    // reading the row (whose memory the answer, copied from prepared entries, never touches otherwise).
    const { idHashes } = this.loaded;
    if (idHashes !== undefined && !this.loaded.hashSets.of(ids).has(idHashes[this.row])) return false;
    // The unique column is read, no relations are made.
    const id = this.built ? this.built.relations.source_entry_id : this.loaded.layout.entryIdReading(this, readColumn);
    return id !== null && ids.has(id);
  }

  field(name: string): unknown {
    if (this.built) return ownField(this.built.fields, name);
    // A phone view's fields were read at load: a slice of one string, and the row is not split.
    const prepared = this.loaded.phone.fields.get(name);
    if (prepared !== undefined) return prepared.get(this.row);
    // Else the row is split once: reading its columns one at a time from the line cost as much (the time is in
    // reaching the row's memory), and a view reads several.
    return this.loaded.layout.fieldOf(this.values, name);
  }

  dialled(name: string): string | undefined {
    // A phone view's numbers were made dialable at load, unless the record is made (then it is the truth).
    const prepared = this.built ? undefined : this.loaded.phone.dialled.get(name);
    if (prepared !== undefined) return prepared.get(this.row) ?? undefined;
    return dialledValue(this.field(name));
  }

  fieldsJson(): string {
    // A reverse answer: every field, written from the row's values without making the record.
    if (this.built) return JSON.stringify(this.built.fields);
    return this.loaded.layout.fieldsJson(this.values, this.loaded.snapshot.plain(this.row));
  }

  /** Column `column` of the row: from its values once split, else from its line. */
  static readColumn(this: void, result: CsvResult, column: number): string | undefined {
    return result.split ? result.split[column] : result.loaded.snapshot.field(result.row, column);
  }

  entryJson(display: Display, favorite: boolean): string {
    return this.loaded.layout.entryJson(display, this.values, favorite);
  }

  writeEntry(answer: JsonAnswer, display: Display, favorite: boolean): void {
    const prepared = this.loaded.entriesFor(display);
    if (prepared !== undefined) prepared.write(answer, this.row, favorite);
    else answer.text(this.entryJson(display, favorite));
  }

  /** For tests and logs: the plain result. */
  toJSON(): SourceResult {
    return {
      source: this.source,
      backend: this.backend,
      fields: this.fields,
      relations: this.relations,
      isPersonal: this.isPersonal,
    };
  }
}

const readColumn = CsvResult.readColumn;
