import { fieldOf, type SourceResult } from '@dird/core';
import type { PhoneDisplay } from './phone-displays.js';

/** One line of a phone directory: the name shown, and the number dialled. */
export interface PhoneEntry {
  readonly name: string;
  readonly number: string;
}

/**
 * The entries of `results` under `display` (reference §8.3): each result is named by the first non-empty
 * candidate of `display.name` (a result without a name is left out) and gives one entry per number of the
 * display that has a non-empty candidate, normalised; sorted by (name, number) in code-point order.
 */
export function phoneEntries(results: readonly SourceResult[], display: PhoneDisplay): PhoneEntry[] {
  const keyed: Keyed[] = [];
  for (const result of results) {
    const name = firstValue(result, display.name);
    if (name === undefined) continue;
    for (const rule of display.numbers) {
      const raw = firstValue(result, rule.fields);
      if (raw === undefined) continue;
      const number = normalizePhoneNumber(raw);
      if (number === '') continue;
      const entry = { name: rule.nameFormat ? rule.nameFormat(name, number) : name, number };
      keyed.push({ entry, wide: WIDE.test(entry.name) });
    }
  }
  return keyed.sort(byNameThenNumber).map((k) => k.entry);
}

/** An entry, and whether its name holds a character that UTF-16 order puts out of code-point order. */
interface Keyed {
  readonly entry: PhoneEntry;
  readonly wide: boolean;
}

/** U+D800 and above: surrogates (characters above U+FFFF) and U+E000–U+FFFF, which UTF-16 orders apart. */
const WIDE = /[\uD800-\uFFFF]/;

/** The text of the first of `candidates` whose value in the result's fields is not empty. */
function firstValue(result: SourceResult, candidates: readonly string[]): string | undefined {
  for (const field of candidates) {
    const text = textOf(fieldOf(result, field));
    if (text !== '') return text;
  }
  return undefined;
}

/** A field value as text; a list (a multi-valued LDAP attribute) gives its first value. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.length > 0 ? textOf(value[0]) : '';
  return '';
}

const TRUNK_HINT = /^\+([0-9]+)\([0-9]+\)([0-9]+)$/;

/**
 * A number as phones dial it (xivo-dird's rule): only digits, `*`, `#`, `+` and parentheses are kept; an
 * international number written with its trunk hint, `+33(0)123456789`, becomes `0033123456789`; the remaining
 * parentheses go. Empty when nothing is left.
 */
export function normalizePhoneNumber(raw: string): string {
  // A character loop: every number of every result of every phone lookup goes through here.
  let kept = '';
  let parentheses = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if ((c >= 48 && c <= 57) || c === 42 || c === 35 || c === 43) kept += raw[i];
    else if (c === 40 || c === 41) {
      kept += raw[i];
      parentheses = true;
    }
  }
  if (!parentheses) return kept;
  const hinted = TRUNK_HINT.exec(kept);
  return hinted ? `00${hinted[1]}${hinted[2]}` : kept.replace(/[()]/g, '');
}

function byNameThenNumber(a: Keyed, b: Keyed): number {
  const x = a.entry;
  const y = b.entry;
  // Numbers are ASCII, and so are most names: there UTF-16 order is code-point order, and native.
  if (x.name !== y.name) {
    if (a.wide || b.wide) return compareCodePoints(x.name, y.name);
    return x.name < y.name ? -1 : 1;
  }
  return x.number < y.number ? -1 : x.number > y.number ? 1 : 0;
}

/**
 * Compares strings by Unicode code points, as xivo-dird (Python) sorted them. JavaScript's `<` compares UTF-16
 * units, which puts a character above U+FFFF (stored as a surrogate pair, 0xD800–0xDFFF) before U+E000–U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's rank in code-point order: surrogates (astral characters) after U+E000–U+FFFF. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
