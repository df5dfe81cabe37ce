import { dialledField, dialledNumber, fieldOf, fieldText, type SourceResult } from '@dird/core';
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
  const entries: PhoneEntry[] = [];
  for (const result of results) {
    const name = firstText(result, display.name);
    if (name === undefined) continue;
    for (const rule of display.numbers) {
      const number = firstNumber(result, rule.fields);
      if (number === undefined || number === '') continue;
      entries.push({ name: rule.nameFormat ? rule.nameFormat(name, number) : name, number });
    }
  }
  return entries.sort(byNameThenNumber);
}

/** The text of the first of `candidates` whose value in the result's fields is not empty. */
function firstText(result: SourceResult, candidates: readonly string[]): string | undefined {
  for (const field of candidates) {
    const text = fieldText(fieldOf(result, field));
    if (text !== '') return text;
  }
  return undefined;
}

/**
 * The first of `candidates` whose value is not empty, as phones dial it ('' when nothing of it can be dialled:
 * the contact then has no such number, the next candidates are not tried).
 */
function firstNumber(result: SourceResult, candidates: readonly string[]): string | undefined {
  for (const field of candidates) {
    const number = dialledField(result, field);
    if (number !== undefined) return number;
  }
  return undefined;
}

/**
 * A number as phones dial it (xivo-dird's rule): only digits, `*`, `#`, `+` and parentheses are kept; an
 * international number written with its trunk hint, `+33(0)123456789`, becomes `0033123456789`; the remaining
 * parentheses go. Empty when nothing is left. (`dialledNumber` of `@dird/core`, which sources use at load.)
 */
export const normalizePhoneNumber: (raw: string) => string = dialledNumber;

function byNameThenNumber(x: PhoneEntry, y: PhoneEntry): number {
  // Numbers are ASCII after normalising: there UTF-16 order is code-point order.
  if (x.name !== y.name) return compareCodePoints(x.name, y.name);
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
