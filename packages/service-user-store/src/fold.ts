import { isPhoneNumberText, normalizeNumber } from '@dird/core';
import { NUMBER_KEY_LIMIT } from './limits.js';

/** Letters that Unicode decomposition leaves whole but that people type without their accent. */
const LETTERS: Readonly<Record<string, string>> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ı: 'i',
};
const SPECIAL = /[ßæœøłđðþı]/g;
const MARKS = /\p{M}+/gu;
const PLAIN = /^[\x20-\x7e]*$/;

/**
 * Text as searches compare it: lower case, accents and compatibility forms removed (`Pépé`, `PEPE` → `pepe`;
 * `Øre` → `ore`; `ﬁ` → `fi`), as the csv, ldap and mysql backends match. Personal contacts are stored with each
 * value folded, and the term is folded the same way.
 */
export function fold(text: string): string {
  if (PLAIN.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL, (c) => LETTERS[c]);
}

/**
 * A value as reverse lookups compare it, as the other backends do: a value written as a phone number without
 * its formatting (`+33 1 23-45` → `+3312345`), anything else exactly as written. Null past the limit.
 */
export function numberKey(value: string): string | null {
  const key = (isPhoneNumberText(value) && normalizeNumber(value)) || value;
  return key.length > NUMBER_KEY_LIMIT ? null : key;
}
