import type { Random } from '@dird/datagen';

/**
 * A family of invented surnames: how they start, join and end. Each family reads like one language area,
 * accents included, so folded search (é → e, ø → o, ß → ss) is exercised on every kind of letter.
 */
interface Family {
  readonly starts: readonly string[];
  readonly vowels: readonly string[];
  readonly links: readonly string[];
  readonly ends: readonly string[];
}

const FAMILIES: readonly Family[] = [
  {
    starts: ['Bour', 'Char', 'Mor', 'Vil', 'Lam', 'Ber', 'Gau', 'Fon', 'Tar', 'Pel', 'Rou', 'Duv', 'Gir', 'Mal'],
    vowels: ['e', 'é', 'i', 'a', 'o', 'è', 'ou', 'au'],
    links: ['l', 'r', 'n', 'm', 'v', 'ch', 'nd', 'rt', 'ss', 'gu'],
    ends: ['ard', 'eau', 'ier', 'ière', 'on', 'ot', 'et', 'elle', 'in', 'ès', 'aud', 'ault', 'eux', 'ois', 'é'],
  },
  {
    starts: ['Alv', 'Bar', 'Cas', 'Esc', 'Gal', 'Iba', 'Lar', 'Mend', 'Olm', 'Quin', 'Ren', 'Sot', 'Ur', 'Zam'],
    vowels: ['a', 'á', 'e', 'i', 'í', 'o', 'ó', 'u'],
    links: ['r', 'l', 'ñ', 'rr', 'nt', 'lv', 'st', 'g', 'd', 'z'],
    ends: ['ez', 'ado', 'eño', 'illa', 'ero', 'ón', 'ana', 'udo', 'ía', 'oz', 'ales', 'edo'],
  },
  {
    starts: ['Schm', 'Hof', 'Kl', 'Br', 'Wag', 'Kr', 'Lind', 'Fisch', 'Zimm', 'Hüb', 'Böh', 'Stö', 'Grü', 'Pf'],
    vowels: ['e', 'a', 'ü', 'ö', 'ä', 'i', 'ei', 'au'],
    links: ['l', 'r', 'n', 'ng', 'st', 'ck', 'tz', 'ch', 'nd', 'ß'],
    ends: ['mann', 'er', 'berg', 'stein', 'feld', 'hauser', 'ölz', 'äger', 'ling', 'bach', 'ke', 'rich'],
  },
  {
    starts: ['Kow', 'Now', 'Wiś', 'Lew', 'Ziel', 'Dąbr', 'Kam', 'Szym', 'Mił', 'Pawł', 'Wró', 'Grz', 'Jab', 'Czer'],
    vowels: ['a', 'o', 'e', 'i', 'ą', 'ę', 'ó', 'y'],
    links: ['l', 'ł', 'r', 'n', 'ń', 'w', 'sz', 'cz', 'dz', 'k'],
    ends: ['ski', 'cki', 'czyk', 'iak', 'owicz', 'ová', 'ić', 'ek', 'ak', 'uk', 'ńska', 'sky'],
  },
  {
    starts: ['Ander', 'Lars', 'Joh', 'Niel', 'Sven', 'Björ', 'Lund', 'Holm', 'Berg', 'Sjö', 'Åk', 'Dahl', 'Ny', 'Ek'],
    vowels: ['e', 'a', 'ø', 'å', 'ö', 'i', 'o', 'y'],
    links: ['l', 'r', 'n', 'm', 'st', 'rk', 'nd', 'v', 'g', 'd'],
    ends: ['sson', 'sen', 'qvist', 'ström', 'gaard', 'dahl', 'lund', 'berg', 'by', 'vik', 'holm', 'ås'],
  },
  {
    starts: ['Ross', 'Bianch', 'Ferr', 'Espos', 'Colomb', 'Ricc', 'Marq', 'Fontan', 'Carv', 'Sous', 'Pint', 'Mor'],
    vowels: ['a', 'e', 'i', 'o', 'ã', 'ei', 'ó', 'u'],
    links: ['l', 'r', 'n', 'nt', 'ç', 'll', 'v', 'rr', 'sc', 'nh'],
    ends: ['ini', 'etti', 'elli', 'one', 'ucci', 'eira', 'inho', 'ão', 'ês', 'ari', 'ano', 'ello'],
  },
  {
    starts: ['Ben', 'Bou', 'Cha', 'El', 'Ham', 'Kar', 'Mes', 'Naj', 'Sal', 'Tah', 'Yaz', 'Zer', 'Öz', 'Ças'],
    vowels: ['a', 'i', 'ou', 'e', 'ı', 'ü', 'o', 'aï'],
    links: ['l', 'r', 'd', 'm', 'b', 'ş', 'k', 'h', 'z', 'ch'],
    ends: ['ani', 'oui', 'idi', 'ouche', 'ar', 'ane', 'ri', 'oğlu', 'can', 'aya', 'ik', 'diri'],
  },
];

/**
 * One invented surname: a start, one or two vowel-and-consonant joins and an end from one family
 * (`Bourélard`, `Sjølindahl`, `Dąbrańczyk`). Millions of combinations, so rare names stay rare in a
 * million-row directory.
 */
export function inventSurname(r: Random): string {
  const f = r.pick(FAMILIES);
  let name = r.pick(f.starts) + r.pick(f.vowels) + r.pick(f.links);
  if (r.int(2) === 0) name += r.pick(f.vowels) + r.pick(f.links);
  return name + r.pick(f.ends);
}
