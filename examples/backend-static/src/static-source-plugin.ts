import {
  BaseSourcePlugin,
  ResultBuilder,
  type SourceCallArgs,
  type SourceLoadArgs,
  type SourceResult,
} from '@dird/core';
import { StaticConfigSchema, type StaticConfig } from './config.js';

type Contact = Readonly<Record<string, string>>;

/**
 * The `static` backend: serves the contacts listed in its source block. `search` finds the term in the
 * `searched_columns` ignoring case, `firstMatch` compares the `first_matched_columns` exactly, `list` finds
 * contacts by their `unique_column`.
 */
export class StaticSourcePlugin extends BaseSourcePlugin<StaticConfig> {
  static override readonly configSchema = StaticConfigSchema;

  private contacts: readonly Contact[] = [];
  private searched: readonly string[] = [];
  private matched: readonly string[] = [];
  private uniqueColumn: string | undefined;
  private builder!: ResultBuilder;

  load({ config, logger }: SourceLoadArgs<StaticConfig>): void {
    this.contacts = config.contacts;
    this.searched = config.searched_columns ?? [];
    this.matched = config.first_matched_columns ?? [];
    this.uniqueColumn = config.unique_column;
    this.builder = ResultBuilder.forSource(this, config, logger);
    if (this.searched.length === 0) logger.warn('no searched_columns: searches will find nothing');
    logger.info({ contacts: this.contacts.length }, `serving ${this.contacts.length} contacts from the config`);
  }

  // Searching memory ends before any deadline passes; a backend that waits on a server passes `signal` on.
  search(term: string, { limit }: SourceCallArgs): SourceResult[] {
    const needle = term.toLowerCase();
    return this.contacts
      .filter((c) => this.searched.some((column) => c[column]?.toLowerCase().includes(needle)))
      .slice(0, limit)
      .map((c) => this.builder.build(c));
  }

  override firstMatch(exten: string, { candidates }: SourceCallArgs): SourceResult | null {
    const wanted = new Set(candidates ?? [exten]);
    const contact = this.contacts.find((c) => this.matched.some((column) => wanted.has(c[column])));
    return contact ? this.builder.build(contact) : null;
  }

  // Without a unique_column, contacts have no id to be listed by.
  override list(uniqueIds: readonly string[], _args: SourceCallArgs): SourceResult[] {
    const column = this.uniqueColumn;
    if (!column) return [];
    const wanted = new Set(uniqueIds);
    return this.contacts.filter((c) => wanted.has(c[column])).map((c) => this.builder.build(c));
  }
}
