/** Letters that Unicode decomposition leaves alone but people type without their accent. */
const LETTERS: Record<string, string> = {
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
const LETTERS_RE = /[ßæœøłđðþı]/g;
const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const MARKS = /\p{M}+/gu;

/**
 * Case- and accent-folds text for matching: `Pépé`, `PEPE` and `pépé` all fold to `pepe`, `Øre` to `ore`.
 * Compatibility decomposition also folds ligatures and full-width forms (`ﬁ` → `fi`). The csv backend and the
 * personal contacts search this way, as LDAP and MySQL collations match.
 */
export function fold(text: string): string {
  if (PRINTABLE_ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTERS_RE, (c) => LETTERS[c]);
}
