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
  // Latin letters, accented or not (most names, and every term typed on a phone): one character at a time from
  // a table of their folds. Each folds alone as in its text (a mark left by decomposition goes; no Latin letter's
  // case depends on its neighbours), so the text folds as the whole would, without normalising it.
  const latin = (table ??= latinTable());
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= LATIN_END) return foldText(text);
    out += latin[c];
  }
  return out;
}

/** The characters of {@link fold}'s table: up to the end of Latin Extended-B (combining marks start at U+0300). */
const LATIN_END = 0x250;
let table: readonly string[] | undefined;

function latinTable(): string[] {
  return Array.from({ length: LATIN_END }, (_, c) => foldText(String.fromCharCode(c)));
}

/** {@link fold} of any text: compatibility decomposition, marks removed, lower case, letters spelt out. */
function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(LETTERS_RE, (c) => LETTERS[c]);
}
