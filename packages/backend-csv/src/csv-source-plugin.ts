import { stat } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import {
  BaseSourcePlugin,
  describeError,
  dialledValue,
  fold,
  HealthTracker,
  lookupDisplaysOf,
  phoneFieldsOf,
  PreparedEntries,
  PreparedField,
  ResultBuilder,
  RowLayout,
  type DirdConfig,
  type Display,
  type Health,
  type Logger,
  type Metrics,
  type PhoneFields,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { CsvConfigSchema, type CsvConfig } from './config.js';
import { CsvLoaded, CsvResult } from './csv-result.js';
import { idHash } from './id-hashes.js';
import { CsvSnapshot } from './csv-snapshot.js';
import { readCsvTable } from './csv-table.js';
import { FileWatcher, fileVersion } from './file-watcher.js';

/**
 * The `csv` backend: the file is parsed and indexed at load, searched in memory (substring, ignoring case and
 * accents), and reloaded when it changes on disk. A file that cannot be read keeps the last good data.
 */
export class CsvSourcePlugin extends BaseSourcePlugin<CsvConfig> {
  static override readonly configSchema = CsvConfigSchema;
  static override readonly supportsOffset = true;

  private config!: CsvConfig;
  private logger!: Logger;
  private builder!: ResultBuilder;
  /** The file as loaded: rows, header layout and prepared entries, replaced whole on reload. */
  private loaded!: CsvLoaded;
  /** The displays of the lookup profiles that name this source: its entries are prepared for them at load. */
  private displays: readonly Display[] = [];
  /** The fields the phone views read of its results: each row's values of them are read at load. */
  private phoneFields: PhoneFields = NO_PHONE_FIELDS;
  private loadedVersion = '';
  private watcher: FileWatcher | undefined;
  private readonly abort = new AbortController();
  private metrics: Metrics | undefined;
  private fileHealth = new HealthTracker();

  async load({ config, mainConfig, logger, metrics }: SourceLoadArgs<CsvConfig>): Promise<void> {
    this.config = config;
    this.displays = config.prepared_entries ? lookupDisplaysOf(mainConfig, this.name) : [];
    this.phoneFields = config.prepared_entries ? phoneFieldsOf(mainConfig, this.name) : NO_PHONE_FIELDS;
    this.logger = logger;
    this.metrics = metrics;
    this.fileHealth = new HealthTracker(`file ${config.file}`);
    this.builder = ResultBuilder.forSource(this, config, logger);
    this.loaded = new CsvLoaded(CsvSnapshot.empty(), new RowLayout([], this.builder), new Map());
    await this.reload('load');
    if (config.reload_interval > 0) {
      this.watcher = new FileWatcher(config.file, config.reload_interval * 1000, () => this.reload('change'));
    }
  }

  override unload(): void {
    this.watcher?.close();
    this.abort.abort();
  }

  /**
   * Kept on a live reload only while its lookup profiles show the same displays and its phone profiles read the
   * same fields (its entries and those fields are prepared for them).
   */
  override reusableWith(mainConfig: DirdConfig): boolean {
    const prepared = this.config.prepared_entries;
    const wanted = prepared ? lookupDisplaysOf(mainConfig, this.name) : [];
    return (
      isDeepStrictEqual(
        wanted.map((d) => d.key),
        this.displays.map((d) => d.key),
      ) && isDeepStrictEqual(prepared ? phoneFieldsOf(mainConfig, this.name) : NO_PHONE_FIELDS, this.phoneFields)
    );
  }

  /** Whether the file could be read the last time it was (at load, or when it changed). */
  override health(): Health {
    return this.fileHealth.current;
  }

  /**
   * The rows holding `term` in a searched column, ignoring case and accents. The empty term matches every row
   * (as xivo-dird); a term that only holds characters dropped from it (control characters, a lone combining
   * accent) matches none, rather than the whole directory.
   */
  search(term: string, args: SourceCallArgs): SourceResult[] {
    const loaded = this.loaded;
    const snapshot = loaded.snapshot;
    const folded = fold(term.replace(/[\x00-\x1f]/g, ''));
    if (folded === '' && term !== '') return [];
    // Rows are found as numbers; only those of the page asked for (after `offset`) are built into results.
    const offset = args.offset ?? 0;
    const limit = args.limit === undefined ? undefined : offset + args.limit;
    const rows = snapshot.match(folded, limit);
    const results: SourceResult[] = [];
    for (let i = offset; i < rows.length; i++) results.push(new CsvResult(loaded, rows[i]));
    return results;
  }

  override firstMatch(exten: string, args: SourceCallArgs): SourceResult | null {
    const loaded = this.loaded;
    const row = loaded.snapshot.firstMatch(args.candidates ?? [exten]);
    return row === undefined ? null : new CsvResult(loaded, row);
  }

  override list(uniqueIds: readonly string[]): SourceResult[] {
    const loaded = this.loaded;
    return loaded.snapshot.list(uniqueIds).map((row) => new CsvResult(loaded, row));
  }

  /**
   * Each row's entry for each display of {@link displays}, written once (docs/benchmarks.md, finding 22): the
   * lookups of those displays copy it. Keyed by {@link Display.key}.
   */
  private async prepare(
    snapshot: CsvSnapshot,
    layout: RowLayout,
    before: CsvLoaded,
    previousRows: Int32Array | undefined,
  ): Promise<CsvLoaded> {
    const prepared = new Map<string, PreparedEntries>();
    // A reload keeps the entries of the rows whose line is the same as in `before` (the version in service, whose
    // rows `previousRows` points at), when the header is the same too (the entry is then the same, byte for
    // byte): they are not written again (docs/benchmarks.md, finding 32).
    const keep = previousRows !== undefined && isDeepStrictEqual(before.layout.header, layout.header);
    // With a display showing favorites, each row's id hash too, made from the values split for its entries.
    let idHashes: Int32Array | undefined;
    for (const display of this.displays) {
      const favorites = display.plan.filter((step) => step.kind === 'favorite').length;
      const hashes = favorites > 0 && idHashes === undefined ? (idHashes = new Int32Array(snapshot.size)) : undefined;
      const kept = keep ? before.prepared.get(display.key) : undefined;
      const entries = await PreparedEntries.build(
        snapshot.size,
        favorites,
        (row) => {
          const values = snapshot.values(row);
          if (hashes !== undefined) hashes[row] = idHash(layout.entryId(values));
          return layout.entryPieces(display, values);
        },
        { signal: this.abort.signal, reuse: kept && { entries: kept, previousRows: previousRows! } },
      );
      // A row whose entry was kept keeps its id hash: the same line has the same id.
      if (hashes !== undefined && kept !== undefined) {
        for (let row = 0; row < previousRows!.length; row++) {
          const from = previousRows![row];
          if (from >= 0) hashes[row] = before.idHashes?.[from] ?? idHash(layout.entryId(snapshot.values(row)));
        }
      }
      prepared.set(display.key, entries);
    }
    // The fields the phone views read: each row's value as the result's `field` gives it (names), and as its
    // `dialled` gives it (numbers); each row split once for all of them.
    const { texts, numbers } = this.phoneFields;
    const columns = await PreparedField.buildAll(
      snapshot.size,
      texts.length + numbers.length,
      (row, out) => {
        const values = snapshot.values(row);
        for (let k = 0; k < texts.length; k++) out[k] = layout.fieldOf(values, texts[k]) as string | null | undefined;
        for (let k = 0; k < numbers.length; k++) {
          out[texts.length + k] = dialledValue(layout.fieldOf(values, numbers[k]));
        }
      },
      this.abort.signal,
    );
    const fields = new Map(texts.map((name, k) => [name, columns[k]]));
    const dialled = new Map(numbers.map((name, k) => [name, columns[texts.length + k]]));
    return new CsvLoaded(snapshot, layout, prepared, idHashes, { fields, dialled });
  }

  /** Reads and indexes the file; on failure keeps what was loaded before and says why. */
  private async reload(reason: 'load' | 'change'): Promise<void> {
    const { file } = this.config;
    const version = fileVersion(await stat(file).catch(() => null));
    if (reason === 'change' && version === this.loadedVersion) return;
    const started = performance.now();
    // The version in service, which the new one may share rows with (reloads run one at a time).
    const before = this.loaded;
    try {
      const table = await readCsvTable(file, {
        separator: this.config.separator,
        searchedColumns: this.config.searched_columns ?? [],
        signal: this.abort.signal,
        // A reload shares the lines it reads again unchanged with the version in service.
        previous: reason === 'change' ? before.snapshot.table.rows : undefined,
      });
      const snapshot = await CsvSnapshot.build(table, {
        searchedColumns: this.config.searched_columns ?? [],
        firstMatchedColumns: this.config.first_matched_columns ?? [],
        uniqueColumn: this.config.unique_column,
      });
      const layout = new RowLayout(table.header, this.builder);
      this.loaded = await this.prepare(snapshot, layout, before, table.previousRows);
      const { prepared, phone } = this.loaded;
      this.loadedVersion = version;
      if (table.header.length === 0) {
        this.logger.warn({ file }, `${file} is empty: no header line, so no entries`);
      } else if (table.missingColumns.length > 0) {
        this.logger.warn(
          { file, missing: table.missingColumns, header: table.header },
          `searched_columns not in the header of ${file}: ${table.missingColumns.join(', ')} (ignored)`,
        );
      }
      if (table.nonUtf8Line !== undefined) {
        this.logger.warn(
          { file, line: table.nonUtf8Line },
          `${file}: line ${table.nonUtf8Line} is not UTF-8: read as Windows-1252; save the file as UTF-8 to silence this`,
        );
      }
      this.fileHealth.ok();
      this.metrics?.sourceRows?.({ source: this.name, backend: this.backend, rows: snapshot.size });
      const ms = Math.round(performance.now() - started);
      let bytes = 0;
      for (const entries of prepared.values()) bytes += entries.byteLength;
      let fieldBytes = 0;
      for (const field of [...phone.fields.values(), ...phone.dialled.values()]) fieldBytes += field.byteLength;
      const phoneFields = [...new Set([...phone.fields.keys(), ...phone.dialled.keys()])];
      const mib = (n: number) => (n / 2 ** 20).toFixed(1);
      const what = [
        ...(table.unchangedRows !== undefined ? [`${table.unchangedRows} rows unchanged`] : []),
        ...(prepared.size > 0 ? [`entries prepared for ${prepared.size} display(s): ${mib(bytes)} MiB`] : []),
        ...(phoneFields.length > 0 ? [`phone fields ${phoneFields.join(', ')}: ${mib(fieldBytes)} MiB`] : []),
      ];
      this.logger.info(
        {
          file,
          rows: snapshot.size,
          ...(table.unchangedRows !== undefined ? { unchanged_rows: table.unchangedRows } : {}),
          ms,
          prepared_displays: prepared.size,
          prepared_bytes: bytes,
          prepared_fields: phoneFields,
          prepared_field_bytes: fieldBytes,
        },
        `${reason === 'load' ? 'loaded' : 'reloaded'} ${snapshot.size} rows from ${file} in ${ms} ms` +
          (what.length > 0 ? ` (${what.join('; ')})` : ''),
      );
    } catch (err) {
      if (this.abort.signal.aborted) return;
      this.loadedVersion = version;
      const kept = this.loaded.snapshot.size;
      this.fileHealth.failed(`cannot read ${file}: ${describeError(err)}`);
      this.metrics?.sourceReloadFailed?.({ source: this.name, backend: this.backend });
      this.metrics?.sourceRows?.({ source: this.name, backend: this.backend, rows: kept });
      this.logger.error(
        { file, err: describeError(err) },
        `cannot read ${file}: ${describeError(err)}; ${reason === 'load' ? 'serving no entries until it can be read' : `keeping the ${kept} rows loaded before`}`,
      );
    }
  }
}

const NO_PHONE_FIELDS: PhoneFields = { texts: [], numbers: [] };
