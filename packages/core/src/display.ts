import { fillDefaults } from './config-defaults.js';
import { NameList } from './config-schema.js';
import type { DirdConfig, DisplayColumn, ViewsConfig } from './config-types.js';
import type { Logger } from './logger.js';
import type { SourceResult } from './source-result.js';

/** A profile's display: its columns and the headers and types the JSON views answer with. */
export interface Display {
  readonly name: string | null;
  readonly columns: readonly DisplayColumn[];
  readonly headers: readonly (string | null)[];
  readonly types: readonly (string | null)[];
  /** How each column gets its value, worked out once from the column list. */
  readonly plan: readonly ColumnStep[];
  /** Whether a column has the type `favorite` (results are then marked with the user's favorites). */
  readonly hasFavoriteColumn: boolean;
  /** The start of a lookup answer's JSON text, up to its first result: `{"column_headers":…,"results":[`. */
  readonly answerHead: string;
  /**
   * What a result's entry depends on in this display (its column plan), as text: two displays with the same key
   * write the same entries. Entries prepared at load are found by it ({@link PreparedEntries}).
   */
  readonly key: string;
}

export type ColumnStep =
  | { readonly kind: 'field'; readonly field: string; readonly fallback: unknown }
  | { readonly kind: 'favorite' | 'personal' }
  | { readonly kind: 'default'; readonly fallback: unknown };

function makeDisplay(name: string | null, columns: readonly DisplayColumn[]): Display {
  const headers = columns.map((c) => c.title ?? null);
  const types = columns.map((c) => c.type ?? null);
  const plan = planColumns(columns);
  return {
    name,
    columns,
    headers,
    types,
    answerHead: `{"column_headers":${JSON.stringify(headers)},"column_types":${JSON.stringify(types)},"results":[`,
    plan,
    key: JSON.stringify(plan),
    hasFavoriteColumn: columns.some((c) => c.type === 'favorite'),
  };
}

/**
 * xivo-dird writes the favorite flag into `fields[<first favorite column's field>]`, then `is_personal` into
 * `fields[<field>]` of every personal column, then reads each column's field: a column sharing such a field
 * (or having none, when the flag column has none) shows the flag too. The plan reproduces that without
 * touching the result.
 */
function planColumns(columns: readonly DisplayColumn[]): ColumnStep[] {
  const NO_FIELD = Symbol('no field');
  const key = (c: DisplayColumn): string | symbol => c.field ?? NO_FIELD;
  const favorite = columns.find((c) => c.type === 'favorite');
  const personalKeys = new Set(columns.filter((c) => c.type === 'personal').map(key));
  return columns.map((column): ColumnStep => {
    const k = key(column);
    if (personalKeys.has(k)) return { kind: 'personal' };
    if (favorite && k === key(favorite)) return { kind: 'favorite' };
    const fallback = column.default ?? null;
    return typeof k === 'string' ? { kind: 'field', field: k, fallback } : { kind: 'default', fallback };
  });
}

/**
 * Maps each profile of `views.profile_to_display` to its display. A profile naming an undefined display
 * gets no columns and a warning, as in xivo-dird, so the other profiles keep working.
 */
export function buildDisplays(views: ViewsConfig, logger?: Logger): Map<string, Display> {
  const displays = views.displays ?? {};
  const byName = new Map<string, Display>();
  for (const [name, columns] of Object.entries(displays)) byName.set(name, makeDisplay(name, columns ?? []));
  const profiles = new Map<string, Display>();
  for (const [profile, displayName] of Object.entries(views.profile_to_display ?? {})) {
    const display = byName.get(displayName);
    if (!display) {
      logger?.warn(
        { profile, display: displayName },
        `Display \`${displayName}\` is not defined (views.profile_to_display.${profile}): profile ${profile} answers with no columns`,
      );
    }
    profiles.set(profile, display ?? makeDisplay(null, []));
  }
  return profiles;
}

/**
 * The displays the lookups of `source` answer with: those of the lookup profiles (`services.lookup.<profile>`)
 * that name it, through `views.profile_to_display`, one per {@link Display.key}. What a backend prepares its
 * entries for at load.
 */
export function lookupDisplaysOf(config: DirdConfig, source: string): Display[] {
  const lookup = config.services?.lookup;
  if (!isPlainObject(lookup)) return [];
  const displays = buildDisplays(config.views ?? {});
  const out = new Map<string, Display>();
  for (const [profile, block] of Object.entries(lookup)) {
    if (!searches(block, source)) continue;
    const display = displays.get(profile);
    if (display && display.columns.length > 0 && !out.has(display.key)) out.set(display.key, display);
  }
  return [...out.values()];
}

const PROFILE_SOURCES = NameList();

/** Whether lookup profile `block` (`services.lookup.<profile>`) names `source` among its sources. */
function searches(block: unknown, source: string): boolean {
  const sources = isPlainObject(block) ? fillDefaults(PROFILE_SOURCES, block.sources) : undefined;
  return Array.isArray(sources) && sources.includes(source);
}

/** The fields the phone views read of a source's results: shown as text (names), and dialled (numbers). */
export interface PhoneFields {
  /** Name candidates, read with `field` (and shown). */
  readonly texts: readonly string[];
  /** Number candidates, read with `dialled`. */
  readonly numbers: readonly string[];
}

/**
 * The fields the phone views read of the results of `source`, one at a time: the name candidates
 * ({@link SourceResult.field}) and number candidates ({@link SourceResult.dialled}) of the phone displays
 * (`views.displays_phone`) of the phone profiles (`views.profile_to_display_phone`) whose lookup profile names
 * the source, each once, in the order first named. What a backend may read of each row at load
 * (`PreparedField`). Keys the phone views would reject are skipped here: the daemon refuses that config
 * before any phone lookup.
 */
export function phoneFieldsOf(config: DirdConfig, source: string): PhoneFields {
  const texts = new Set<string>();
  const numbers = new Set<string>();
  const lookup = config.services?.lookup;
  const { displays_phone: displays, profile_to_display_phone: profiles } = config.views ?? {};
  if (!isPlainObject(lookup) || !isPlainObject(displays) || !isPlainObject(profiles)) return { texts: [], numbers: [] };
  const add = (to: Set<string>, names: unknown) => {
    if (Array.isArray(names)) for (const name of names) if (typeof name === 'string' && name !== '') to.add(name);
  };
  for (const [profile, displayName] of Object.entries(profiles)) {
    if (!searches(lookup[profile], source)) continue;
    const display = typeof displayName === 'string' ? displays[displayName] : undefined;
    if (!isPlainObject(display)) continue;
    add(texts, display.name);
    if (Array.isArray(display.number)) {
      for (const number of display.number) if (isPlainObject(number)) add(numbers, number.field);
    }
  }
  return { texts: [...texts], numbers: [...numbers] };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The `column_values` of one result, by the xivo-dird rules: the first `favorite` column holds the favorite
 * flag, `personal` columns hold `isPersonal`, and a column's `default` applies only when its field is absent
 * (a field present with null renders as null).
 */
export function renderColumnValues(display: Display, result: SourceResult, isFavorite = false): unknown[] {
  const fields = result.fields;
  const plan = display.plan;
  const values = new Array<unknown>(plan.length);
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i];
    if (step.kind === 'field') values[i] = Object.hasOwn(fields, step.field) ? fields[step.field] : step.fallback;
    else if (step.kind === 'favorite') values[i] = isFavorite;
    else if (step.kind === 'personal') values[i] = result.isPersonal;
    else if (step.kind === 'default') values[i] = step.fallback;
  }
  return values;
}

/** One result's entry of a lookup answer: its column values for `display`, relations, source and backend. */
export function entryObject(display: Display, result: SourceResult, favorite = false) {
  return {
    column_values: renderColumnValues(display, result, favorite),
    relations: result.relations,
    source: result.source,
    backend: result.backend,
  };
}

/**
 * One result's entry of a lookup answer as JSON text: `{"column_values":[…],"relations":{…},"source":…,"backend":…}`.
 * A result that can write it from its own data ({@link SourceResult.entryJson}) does; any other is the JSON of
 * its {@link entryObject}.
 */
export function entryJson(display: Display, result: SourceResult, favorite = false): string {
  if (result.entryJson !== undefined) return result.entryJson(display, favorite);
  return JSON.stringify(entryObject(display, result, favorite));
}
