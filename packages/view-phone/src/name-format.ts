import { ConfigError } from '@dird/core';

/** A compiled `name_format`: renders the entry's name from the contact's name and the number. */
export type NameFormat = (name: string, number: string) => string;

const TOKEN = /\{\{|\}\}|\{([^{}]*)\}|[{}]/g;

/**
 * Compiles a `name_format` as xivo-dird formatted it (Python's `str.format` with `name` and `number`):
 * `{name}` and `{number}` are replaced, `{{` and `}}` are literal braces. Anything else in braces is a config
 * mistake named by `key`: xivo-dird failed on it at the first lookup, dird refuses it at start-up.
 */
export function compileNameFormat(template: string, key: string): NameFormat {
  const parts: (string | 'name' | 'number')[] = [];
  let literal = '';
  let last = 0;
  for (const match of template.matchAll(TOKEN)) {
    literal += template.slice(last, match.index);
    last = match.index + match[0].length;
    if (match[0] === '{{') literal += '{';
    else if (match[0] === '}}') literal += '}';
    else if (match[1] === 'name' || match[1] === 'number') {
      parts.push(literal, match[1]);
      literal = '';
    } else {
      throw new ConfigError(
        `name_format ${JSON.stringify(template)}: ${match[0]} is not a placeholder; use {name} and {number}, ` +
          'and write a literal brace twice ({{ or }})',
        { key },
      );
    }
  }
  parts.push(literal + template.slice(last));
  // Pairs of (literal, placeholder) then the last literal: one concatenation per part at render time.
  return (name, number) => {
    let out = parts[0];
    for (let i = 1; i < parts.length; i += 2) out += (parts[i] === 'name' ? name : number) + parts[i + 1];
    return out;
  };
}
