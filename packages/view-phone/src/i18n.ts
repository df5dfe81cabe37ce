/** The fixed strings of the phone documents (xivo-dird's message ids, reference §8.4). */
export interface Messages {
  readonly search: string;
  readonly directory: string;
  readonly nameOrNumber: string;
  readonly nameOrNumberPrompt: string;
  readonly searchButton: string;
  readonly noEntries: string;
  readonly previousPage: string;
  readonly nextPage: string;
  readonly prevPageKey: string;
  readonly nextPageKey: string;
  readonly dial: string;
  readonly exit: string;
}

const ENGLISH: Messages = {
  search: 'XiVO Search',
  directory: 'XiVO Directory',
  nameOrNumber: 'Name or number',
  nameOrNumberPrompt: 'Name or number:',
  searchButton: 'Search',
  noEntries: 'No entries',
  previousPage: 'Previous Page',
  nextPage: 'Next Page',
  prevPageKey: 'PrevPage',
  nextPageKey: 'NextPage',
  dial: 'Dial',
  exit: 'Exit',
};

const FRENCH: Messages = {
  search: 'Recherche XiVO',
  directory: 'Répertoire XiVO',
  nameOrNumber: 'Nom ou numéro',
  nameOrNumberPrompt: 'Nom ou numéro:',
  searchButton: 'Rechercher',
  noEntries: 'Aucune entrée',
  previousPage: 'Page Précédente',
  nextPage: 'Page Suivante',
  prevPageKey: 'PagePréc',
  nextPageKey: 'PageSuiv',
  dial: 'Appeler',
  exit: 'Quitter',
};

/** The languages of the phone documents, by primary language subtag. */
export const LANGUAGES: Readonly<Record<string, Messages>> = { en: ENGLISH, fr: FRENCH };

/** The language when the request names none dird has. */
export const DEFAULT_LANGUAGE = 'en';

/**
 * The language an `Accept-Language` header prefers among {@link LANGUAGES}: the range with the highest
 * q-value (the first one on a tie) whose primary subtag dird has (`fr-CA` is `fr`); `*` is the default
 * language; `q=0` means "not this one". English when nothing matches.
 */
export function pickLanguage(header: string | undefined): string {
  if (!header) return DEFAULT_LANGUAGE;
  let best = DEFAULT_LANGUAGE;
  let bestQ = 0;
  // A header is at most a few dozen ranges; Node bounds its size.
  for (const part of header.split(',')) {
    const [range, ...params] = part.split(';');
    let q = 1;
    for (const param of params) {
      const m = /^\s*q\s*=\s*([0-9](?:\.[0-9]{0,3})?)\s*$/i.exec(param);
      if (m) q = Math.min(1, Number(m[1]));
    }
    const primary = range.trim().toLowerCase().split('-')[0];
    const language = primary === '*' ? DEFAULT_LANGUAGE : Object.hasOwn(LANGUAGES, primary) ? primary : undefined;
    if (language !== undefined && q > bestQ) {
      best = language;
      bestQ = q;
    }
  }
  return best;
}

/** The strings of the language `header` prefers. */
export function messagesFor(header: string | undefined): Messages {
  return LANGUAGES[pickLanguage(header)];
}
