import type { SourceConfig } from './config-types.js';
import type { Logger } from './logger.js';
import { emptyRelations, type Relations, type SourceResult } from './source-result.js';
import { Template } from './template.js';

/** What a {@link ResultBuilder} needs from a source config. */
export interface ResultBuilderOptions {
  source: string;
  backend: string;
  uniqueColumn?: string | null;
  formatColumns?: Record<string, string> | null;
  isPersonal?: boolean;
  logger?: Logger;
}

/**
 * Turns raw records into {@link SourceResult}s the way xivo-dird does: copy the fields, take
 * `source_entry_id` from the unique column before formatting, then apply the format columns over the fields.
 */
export class ResultBuilder {
  /** The format columns in config order, compiled: each is rendered over the fields and those before it. */
  readonly templates: ReadonlyArray<readonly [string, Template]>;
  readonly options: ResultBuilderOptions;
  private missingUniqueLogged = false;

  constructor(options: ResultBuilderOptions) {
    this.options = options;
    this.templates = Object.entries(options.formatColumns ?? {}).map(
      ([name, source]) => [name, Template.compile(String(source), `format_columns.${name}`)] as const,
    );
  }

  /** The builder of a source: its name and backend, and its block's `unique_column` and `format_columns`. */
  static forSource(source: { name: string; backend: string }, config: SourceConfig, logger?: Logger): ResultBuilder {
    return new ResultBuilder({
      source: source.name,
      backend: source.backend,
      uniqueColumn: config.unique_column,
      formatColumns: config.format_columns,
      logger,
    });
  }

  /** Every field name the format templates read (LDAP and SQL fetch only these, plus the unique column). */
  get templateFields(): string[] {
    return [...new Set(this.templates.flatMap(([, t]) => t.fields))];
  }

  /** Builds one result; `relations` lets a backend that knows PBX links supply them. */
  build(raw: Readonly<Record<string, unknown>>, relations?: Partial<Relations>): SourceResult {
    return this.buildOwned(copyFields(raw), relations);
  }

  /**
   * {@link ResultBuilder.build} for a record made for this result alone (a CSV row turned into fields): the
   * format columns are added to it in place instead of to a copy.
   */
  buildOwned(fields: Record<string, unknown>, relations?: Partial<Relations>): SourceResult {
    const sourceEntryId = this.sourceEntryId(fields);
    for (let i = 0; i < this.templates.length; i++) {
      const [name, template] = this.templates[i];
      fields[name] = template.render(fields);
    }
    return {
      source: this.options.source,
      backend: this.options.backend,
      fields,
      relations: relations
        ? { ...emptyRelations(sourceEntryId), ...relations, source_entry_id: sourceEntryId }
        : emptyRelations(sourceEntryId),
      isPersonal: this.options.isPersonal ?? false,
    };
  }

  private sourceEntryId(fields: Record<string, unknown>): string | null {
    const column = this.options.uniqueColumn;
    if (!column) return null;
    return this.entryIdOf(Object.hasOwn(fields, column) ? fields[column] : undefined);
  }

  /**
   * `source_entry_id` from the unique column's value: its text, or null (logged once) when the result has no
   * such value.
   */
  entryIdOf(value: unknown): string | null {
    const column = this.options.uniqueColumn;
    if (!column) return null;
    if (value === undefined || value === null) {
      if (!this.missingUniqueLogged) {
        this.missingUniqueLogged = true;
        this.options.logger?.error(
          { source: this.options.source, unique_column: column },
          `${this.options.source} is not properly configured, the unique column is not part of the result`,
        );
      }
      return null;
    }
    return String(value);
  }
}

/**
 * A copy of `raw` that format columns are then added to. `Object.assign` rather than a spread: V8 gives a
 * spread copy a shape that adding properties turns slow (three times the cost of the whole build, measured
 * in docs/benchmarks.md). A `__proto__` key must stay an own property, which only a spread keeps.
 */
function copyFields(raw: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.hasOwn(raw, '__proto__') ? { ...raw } : Object.assign({}, raw);
}
