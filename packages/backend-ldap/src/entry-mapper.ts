import type { RawEntry } from './client-api.js';
import { bytesToUuid } from './uuid.js';

/** What {@link EntryMapper} needs from the source config. */
export interface EntryMapperOptions {
  /** The fields the format_columns templates read; empty when there are no templates. */
  readonly templateFields: readonly string[];
  readonly uniqueColumn?: string;
  readonly binaryUuid: boolean;
  /** Other column names of the config (searched, first-matched), for the spelling of result keys. */
  readonly knownColumns?: readonly string[];
}

/**
 * Decides which attributes to fetch and turns entries into flat records: first value of each attribute,
 * decoded as UTF-8, keyed by the config's spelling of the name (servers answer `telephoneNumber` to a
 * request for `telephonenumber`), and a binary unique column as UUID text.
 */
export class EntryMapper {
  /** The attributes to request: the templates' fields and the unique column, or all user attributes. */
  readonly attributes: readonly string[];
  private readonly spelling = new Map<string, string>();
  private readonly uniqueKey: string | undefined;
  /** Another spelling of the unique column (a template's `{entryuuid}` for `entryUUID`), also given its value. */
  private readonly uniqueAlias: string | undefined;

  constructor(private readonly options: EntryMapperOptions) {
    const unique = options.uniqueColumn ? [options.uniqueColumn] : [];
    // Without templates every attribute may be displayed: all user attributes ('*'), plus the unique column
    // by name because it may be operational (entryUUID).
    this.attributes = dedupe(
      options.templateFields.length > 0 ? [...options.templateFields, ...unique] : ['*', ...unique],
    );
    for (const name of [...(options.knownColumns ?? []), ...this.attributes]) {
      if (name !== '*') this.spelling.set(name.toLowerCase(), name);
    }
    const column = options.uniqueColumn;
    this.uniqueKey = column?.toLowerCase();
    if (column && this.uniqueKey !== undefined) {
      // Attribute names are case-insensitive, but the result builder reads the id under unique_column's own
      // spelling: key the unique column that way, and keep the other spelling too so its template renders.
      const other = this.spelling.get(this.uniqueKey);
      this.uniqueAlias = other !== undefined && other !== column ? other : undefined;
      this.spelling.set(this.uniqueKey, column);
    }
  }

  /** The flat record of one entry. */
  record(entry: RawEntry): Record<string, string> {
    const out: Record<string, string> = {};
    for (const { type, values } of entry.attributes) {
      const first = values[0];
      if (first === undefined) continue;
      const lower = type.toLowerCase();
      const key = this.spelling.get(lower) ?? type;
      const isUnique = lower === this.uniqueKey;
      const uuid = this.options.binaryUuid && isUnique ? bytesToUuid(first) : null;
      out[key] = uuid ?? first.toString('utf8');
      if (isUnique && this.uniqueAlias !== undefined) out[this.uniqueAlias] = out[key];
    }
    return out;
  }
}

function dedupe(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.filter((n) => {
    const key = n.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
