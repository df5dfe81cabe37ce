import { allOf, anyOf, contains, equals, type LdapFilter } from './filter.js';
import { parseFilterTemplate, type FilterTemplate } from './filter-parser.js';
import { fillTemplate, usesTerm } from './filter-template.js';
import { uuidToBytes } from './uuid.js';

/** What {@link SourceFilters} needs from the source config. */
export interface SourceFilterOptions {
  readonly searchedColumns: readonly string[];
  readonly firstMatchedColumns: readonly string[];
  readonly customFilter?: string;
  readonly uniqueColumn?: string;
  readonly binaryUuid: boolean;
}

/**
 * The filters of one source, as xivo-dird builds them (behaviour reference §5.3), but as filter objects: the
 * custom filter is parsed once, and terms, numbers and ids only ever fill value slots.
 */
export class SourceFilters {
  private readonly custom: FilterTemplate | null;
  private readonly customUsesTerm: boolean;

  /** Throws a `FilterSyntaxError` when `ldap_custom_filter` does not parse. */
  constructor(private readonly options: SourceFilterOptions) {
    this.custom = options.customFilter ? parseFilterTemplate(options.customFilter) : null;
    this.customUsesTerm = this.custom !== null && usesTerm(this.custom);
  }

  /** True when `search` has a filter at all (searched columns or a custom filter). */
  get canSearch(): boolean {
    return this.custom !== null || this.options.searchedColumns.length > 0;
  }

  /** `(&CUSTOM (|(c1=*TERM*)(c2=*TERM*)))`, either side alone when the other is absent. */
  search(term: string): LdapFilter | null {
    const generated = anyOf(this.options.searchedColumns.map((column) => contains(column, term)));
    return allOf(this.customFilled(term), generated);
  }

  /**
   * Exact equality of any first-matched column with any spelling of the number, within the custom filter.
   * Without first-matched columns only a custom filter that uses `%Q` can match (filled with each spelling):
   * a custom filter that ignores the number would match an arbitrary contact.
   */
  firstMatch(candidates: readonly string[]): LdapFilter | null {
    const columns = this.options.firstMatchedColumns;
    if (columns.length === 0) {
      if (!this.custom || !this.customUsesTerm) return null;
      return anyOf(candidates.map((c) => fillTemplate(this.custom!, c)));
    }
    const generated = anyOf(columns.flatMap((column) => candidates.map((c) => equals(column, c))));
    return allOf(this.customFilled(candidates[0] ?? ''), generated);
  }

  /** `(|(uc=id1)(uc=id2))`; ids that cannot be a binary UUID are left out. Null when no id is usable. */
  list(ids: readonly string[]): LdapFilter | null {
    const column = this.options.uniqueColumn;
    if (!column) return null;
    const values = this.options.binaryUuid
      ? ids.map(uuidToBytes).filter((b): b is Buffer => b !== null)
      : ids.map((id) => Buffer.from(id));
    return anyOf(values.map((v) => equals(column, v)));
  }

  private customFilled(term: string): LdapFilter | null {
    return this.custom ? fillTemplate(this.custom, term) : null;
  }
}
