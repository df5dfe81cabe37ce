/** How a profile's numbers are written nationally and internationally (all optional). */
export interface PhoneSettings {
  /** The country calling code, digits only: `33` for France, `1` for North America. */
  readonly country_code?: string;
  /**
   * The trunk prefix of national numbers: `0` in most of Europe (`01 23 45 67 89`), `1` in North America when
   * numbers are stored as `1 418 555 0199`; empty where national numbers have none (Spain, Italy, Denmark,
   * or North American ten-digit numbers).
   */
  readonly national_prefix?: string;
  /** What replaces `+` when dialling abroad: `00` in most countries, `011` in North America. */
  readonly international_prefix?: string;
}

/**
 * The number with formatting removed: only digits, `*`, `#` and a leading `+` are kept, and an international
 * number's `(0)` trunk hint is dropped (`+33 (0)1 23 45 67 89` → `+33123456789`, `(01) 23-45` → `012345`).
 * Empty when the text holds no digit.
 */
export function normalizeNumber(raw: string): string {
  const text = raw.trim();
  // Most numbers met here are normal already (`0612345678`, `+33612345678`: a reverse lookup's candidates, most
  // stored numbers): returned as they are, with no string made.
  let i = text.charCodeAt(0) === PLUS ? 1 : 0;
  let digits = false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) digits = true;
    else if (c !== STAR && c !== HASH) break;
  }
  if (i === text.length) return digits ? text : '';
  // Else the kept characters' codes, made into one string at once. A character loop rather than regular
  // expressions: the csv backend normalises every stored number at load (two million for a million-row file).
  const international = text.charCodeAt(0) === PLUS;
  const from = international && text.includes('(0)') ? text.replace(/\(0\)/g, '') : text;
  let n = 0;
  digits = false;
  if (international) KEPT[n++] = PLUS;
  for (let j = 0; j < from.length; j++) {
    const c = from.charCodeAt(j);
    if (c >= ZERO && c <= NINE) {
      KEPT[n++] = c;
      digits = true;
    } else if (c === STAR || c === HASH) {
      KEPT[n++] = c;
    }
  }
  if (!digits) return '';
  return fromCodes(KEPT, n);
}

/** The codes {@link normalizeNumber} keeps, reused from call to call (it runs to completion, never re-entered). */
const KEPT: number[] = [];

/**
 * A number as phones dial it (xivo-dird's phone views): only digits, `*`, `#`, `+` and parentheses are kept; an
 * international number written with its trunk hint, `+33(0)123456789`, becomes `0033123456789`; the remaining
 * parentheses go. Empty when nothing is left. Not {@link normalizeNumber}: this is what a phone directory shows.
 */
export function dialledNumber(raw: string): string {
  // Every number of every phone lookup result goes through here (or through a source's copy made at load).
  // Most are written as phones dial them already (`0612345678`, `+33612345678`): returned as they are.
  let i = 0;
  while (i < raw.length && isDialled(raw.charCodeAt(i))) i++;
  if (i === raw.length) return raw;
  // Else the kept characters' codes, made into one string at once (not a string per character).
  let n = 0;
  let parentheses = false;
  for (let j = 0; j < raw.length; j++) {
    const c = raw.charCodeAt(j);
    if (isDialled(c)) DIALLED[n++] = c;
    else if (c === OPEN || c === CLOSE) parentheses = true;
  }
  const kept = fromCodes(DIALLED, n);
  if (parentheses && kept.charCodeAt(0) === PLUS) {
    const hinted = TRUNK_HINT.exec(raw.replace(/[^0-9*#+()]/g, ''));
    if (hinted) return `00${hinted[1]}${hinted[2]}`;
  }
  return kept;
}

/** The string of the first `n` codes of `codes` (in slices: `apply` takes only so many arguments). */
function fromCodes(codes: number[], n: number): string {
  if (n <= MAX_SIZED) {
    // Copied into an array of exactly `n`, kept for the next string of that length: shortening `codes` itself
    // (`length = n`) cost more than the copy.
    const sized = (SIZED[n] ??= new Array<number>(n).fill(0));
    for (let i = 0; i < n; i++) sized[i] = codes[i];
    return String.fromCharCode.apply(null, sized);
  }
  let out = '';
  for (let at = 0; at < n; at += CODES_AT_ONCE) {
    out += String.fromCharCode.apply(null, codes.slice(at, Math.min(n, at + CODES_AT_ONCE)));
  }
  // A value this long is a malformed file's: its codes are not kept.
  codes.length = 0;
  return out;
}

/** Arrays of each length up to {@link MAX_SIZED}, for {@link fromCodes}. */
const SIZED: number[][] = [];
const MAX_SIZED = 64;
const CODES_AT_ONCE = 8192;

/** The codes {@link dialledNumber} keeps, reused from call to call (it runs to completion, never re-entered). */
const DIALLED: number[] = [];
const TRUNK_HINT = /^\+([0-9]+)\([0-9]+\)([0-9]+)$/;
const OPEN = 40;
const CLOSE = 41;

/** A digit, `*`, `#` or `+`. */
function isDialled(c: number): boolean {
  return (c >= ZERO && c <= NINE) || c === STAR || c === HASH || c === PLUS;
}

const PLUS = 43;
const STAR = 42;
const HASH = 35;
const ZERO = 48;
const NINE = 57;

/**
 * True when `text` is written as a phone number: digits, `+`, `*`, `#` and the characters people format
 * numbers with (space, tab, `.`, `-`, `/`, brackets), and at least one digit. Anything else (`sip:1234@pbx`,
 * an e-mail address, `x1111y`) is compared exactly, not by its digits.
 */
export function isPhoneNumberText(text: string): boolean {
  let digits = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= ZERO && c <= NINE) digits = true;
    // A comparison chain, not a Set: the csv backend asks this of every stored number at load.
    else if (!(
      c === 32 ||
      c === 9 ||
      c === HASH ||
      c === 40 ||
      c === 41 ||
      c === STAR ||
      c === PLUS ||
      c === 45 ||
      c === 46 ||
      c === 47
    ))
      return false;
  }
  return digits;
}

/**
 * Every spelling of `exten` a directory may hold, first the number as received, then (when it is written as a
 * phone number, {@link isPhoneNumberText}) its normalised form, then
 * (with `settings.country_code`) the `+CC…`, `<international prefix>CC…` and `<national prefix>…` forms of the
 * same line. Backends match a stored number (normalised) against any candidate.
 */
export function phoneCandidates(exten: string, settings: PhoneSettings = {}): string[] {
  const received = exten.trim();
  // Only text written as a phone number is compared by its digits: `sip:1234@pbx` or `john12@example.com`
  // must not find the contact whose number is 1234 or 12.
  const normal = isPhoneNumberText(received) ? normalizeNumber(received) : '';
  // An array, not a Set: at most four spellings, on every reverse lookup.
  const out: string[] = [];
  addOnce(out, received);
  addOnce(out, normal);
  const international = internationalDigits(normal, settings);
  if (international) {
    addOnce(out, `+${international}`);
    if (settings.international_prefix !== undefined || settings.country_code) {
      addOnce(out, `${settings.international_prefix ?? '00'}${international}`);
    }
    const cc = settings.country_code;
    if (cc && international.startsWith(cc) && international.length > cc.length) {
      addOnce(out, `${settings.national_prefix ?? '0'}${international.slice(cc.length)}`);
    }
  }
  return out;
}

/** Appends `spelling` unless it is empty or already there. */
function addOnce(out: string[], spelling: string): void {
  if (spelling !== '' && !out.includes(spelling)) out.push(spelling);
}

/** The number as country code + national number, digits only, when it can be told; else undefined. */
function internationalDigits(normal: string, settings: PhoneSettings): string | undefined {
  if (!normal || /[*#]/.test(normal)) return undefined;
  if (normal.startsWith('+')) return normal.slice(1);
  const intl = settings.international_prefix ?? (settings.country_code ? '00' : undefined);
  if (intl && normal.startsWith(intl) && normal.length > intl.length) return normal.slice(intl.length);
  const cc = settings.country_code;
  const national = settings.national_prefix ?? '0';
  // Without a trunk prefix nothing tells a national number from an internal extension but its length.
  const shortest = national ? 4 : MIN_NATIONAL_WITHOUT_PREFIX;
  if (cc && normal.startsWith(national) && normal.length - national.length >= shortest)
    return cc + normal.slice(national.length);
  return undefined;
}

/** The fewest digits of a national number in a country without a trunk prefix (Italy: 6; Spain: 9). */
const MIN_NATIONAL_WITHOUT_PREFIX = 6;
