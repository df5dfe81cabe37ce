import type { LdapFilter } from './filter.js';
import { TERM, type FilterTemplate, type ValueTemplate } from './filter-parser.js';

/** True when the template has a `%Q` slot somewhere. */
export function usesTerm(template: FilterTemplate): boolean {
  switch (template.type) {
    case 'and':
    case 'or':
      return template.filters.some(usesTerm);
    case 'not':
      return usesTerm(template.filter);
    case 'present':
      return false;
    case 'substrings':
      return [template.initial ?? [], ...template.any, template.final ?? []].some((v) => v.includes(TERM));
    default:
      return template.value.includes(TERM);
  }
}

function fill(value: ValueTemplate, term: Buffer): Buffer {
  return Buffer.concat(value.map((part) => (part === TERM ? term : part)));
}

/**
 * The filter for one call: every `%Q` slot gets `term`'s bytes as data (never as filter syntax).
 * Substring parts left empty are dropped, so `(cn=*%Q*)` with an empty term is `(cn=*)`.
 */
export function fillTemplate(template: FilterTemplate, term: string | Buffer): LdapFilter {
  const bytes = Buffer.from(term);
  const walk = (t: FilterTemplate): LdapFilter => {
    switch (t.type) {
      case 'and':
      case 'or':
        return { type: t.type, filters: t.filters.map(walk) };
      case 'not':
        return { type: 'not', filter: walk(t.filter) };
      case 'present':
        return t;
      case 'substrings': {
        const initial = t.initial && fill(t.initial, bytes);
        const final = t.final && fill(t.final, bytes);
        const any = t.any.map((v) => fill(v, bytes)).filter((b) => b.length > 0);
        if (!initial?.length && !final?.length && any.length === 0) return { type: 'present', attribute: t.attribute };
        return {
          type: 'substrings',
          attribute: t.attribute,
          ...(initial?.length ? { initial } : {}),
          any,
          ...(final?.length ? { final } : {}),
        };
      }
      default:
        return { ...t, value: fill(t.value, bytes) };
    }
  };
  return walk(template);
}
