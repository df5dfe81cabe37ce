import { ConfigError } from './errors.js';

/** A piece of a compiled {@link Template}: literal text, or a field. */
export type TemplatePart = string | { readonly field: string };

/** A `format_columns` template compiled once: `"{firstname} {lastname}"`. */
export class Template {
  readonly source: string;
  /** The field names the template reads, in order of first use. */
  readonly fields: readonly string[];
  /** The template's literal text and fields, in order (`{{` and `}}` already read as braces). */
  readonly parts: readonly TemplatePart[];

  private constructor(source: string, parts: TemplatePart[]) {
    this.source = source;
    this.parts = parts;
    this.fields = [...new Set(parts.filter((p): p is { field: string } => typeof p !== 'string').map((p) => p.field))];
  }

  /**
   * Compiles the subset of Python `str.format` that directory templates use: `{field}` and the `{{`, `}}`
   * escapes. Format specs and conversions (`{x:>5}`, `{x!r}`) are refused with a clear error.
   */
  static compile(source: string, key?: string): Template {
    const parts: TemplatePart[] = [];
    let text = '';
    for (let i = 0; i < source.length; i++) {
      const ch = source[i];
      if (ch === '{' && source[i + 1] === '{') {
        text += '{';
        i++;
      } else if (ch === '}' && source[i + 1] === '}') {
        text += '}';
        i++;
      } else if (ch === '{') {
        const end = source.indexOf('}', i + 1);
        if (end < 0) throw new ConfigError(`template "${source}" has a "{" without its "}"`, { key });
        const field = source.slice(i + 1, end);
        if (field === '' || field.includes('{')) {
          throw new ConfigError(`template "${source}" has an empty or nested field at position ${i}`, { key });
        }
        if (/[:!]/.test(field)) {
          throw new ConfigError(
            `template "${source}": format specs and conversions ("${field}") are not supported; use a plain {field}`,
            { key },
          );
        }
        if (text) parts.push(text);
        text = '';
        parts.push({ field });
        i = end;
      } else if (ch === '}') {
        throw new ConfigError(`template "${source}" has a "}" without its "{" (write "}}" for a literal brace)`, {
          key,
        });
      } else {
        text += ch;
      }
    }
    if (text) parts.push(text);
    return new Template(source, parts);
  }

  /** Renders against `fields`: missing or null fields are empty; the result is trimmed; empty becomes null. */
  render(fields: Readonly<Record<string, unknown>>): string | null {
    let out = '';
    for (const part of this.parts) {
      if (typeof part === 'string') {
        out += part;
      } else {
        // Own fields only: `{constructor}` or `{toString}` must not render Object's built-ins.
        const value = Object.hasOwn(fields, part.field) ? fields[part.field] : undefined;
        if (value !== undefined && value !== null) out += String(value);
      }
    }
    out = out.trim();
    return out === '' ? null : out;
  }
}
