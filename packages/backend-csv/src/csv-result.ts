import type { Display, Relations, RowLayout, SourceResult } from '@dird/core';

/**
 * A CSV row found by a search: its values, and the layout of its file. A lookup writes its JSON entry straight
 * from the values ({@link RowLayout.entryJson}); its `fields` and `relations` are made only when something reads
 * them (a phone view, a reverse answer, a favorite flag), once.
 */
export class CsvResult implements SourceResult {
  readonly source: string;
  readonly backend: string;
  readonly isPersonal: boolean;
  private built: SourceResult | undefined;
  private links: Relations | undefined;

  constructor(
    private readonly layout: RowLayout,
    private readonly values: readonly string[],
  ) {
    this.source = layout.source;
    this.backend = layout.backend;
    this.isPersonal = layout.isPersonal;
  }

  get fields(): Record<string, unknown> {
    return (this.built ??= this.layout.build(this.values)).fields;
  }

  get relations(): Relations {
    return this.built?.relations ?? (this.links ??= this.layout.relations(this.values));
  }

  entryJson(display: Display, favorite: boolean): string {
    return this.layout.entryJson(display, this.values, favorite);
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
