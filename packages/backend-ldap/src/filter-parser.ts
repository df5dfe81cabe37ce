import type { LdapFilter } from './filter.js';

/** The `%Q` slot of `ldap_custom_filter`: filled with the search term (or the number) at each call. */
export const TERM: unique symbol = Symbol('%Q');

/** An assertion value of the custom filter: literal bytes and `%Q` slots, in order. */
export type ValueTemplate = readonly (Buffer | typeof TERM)[];

/** `ldap_custom_filter` parsed once at load; {@link fillTemplate} turns it into a filter per call. */
export type FilterTemplate = LdapFilter<ValueTemplate>;

/** A filter the RFC 4515 grammar rejects; the message says what and where. */
export class FilterSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterSyntaxError';
  }
}

const ATTRIBUTE = /^(?:[A-Za-z][\w-]*|\d+(?:\.\d+)*)(?:;[\w-]+)*$/;
const RULE = /^(?:[A-Za-z][\w-]*|\d+(?:\.\d+)*)$/;
const BLANK = new Set([' ', '\t', '\r', '\n']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Parses an RFC 4515 filter in which `%Q` may stand anywhere inside assertion values (xivo-dird's
 * placeholder). Also accepts what libldap accepts: no outer parentheses, the old `\*` escapes, and blanks
 * (space, tab, newline) after `(` and between filters, so a filter may be written over several lines (a YAML
 * block). Non-ASCII text is kept as UTF-8 bytes, so it reaches the server intact.
 */
export function parseFilterTemplate(text: string): FilterTemplate {
  const trimmed = text.trim();
  const source = trimmed.startsWith('(') ? trimmed : `(${trimmed})`;
  const parser = new Parser(source);
  const filter = parser.filter();
  parser.end();
  return filter;
}

class Parser {
  private pos = 0;

  constructor(private readonly text: string) {}

  private fail(what: string): never {
    throw new FilterSyntaxError(`${what} at character ${this.pos + 1} of ${JSON.stringify(this.text)}`);
  }

  private expect(token: string): void {
    if (!this.text.startsWith(token, this.pos)) this.fail(`expected "${token}"`);
    this.pos += token.length;
  }

  /** Blanks as libldap skips them between and inside filters: space, tab, newline (and CR, for CRLF files). */
  private blanks(): void {
    while (BLANK.has(this.text[this.pos])) this.pos++;
  }

  end(): void {
    this.blanks();
    if (this.pos < this.text.length) this.fail('unexpected text after the filter');
  }

  filter(): FilterTemplate {
    this.expect('(');
    this.blanks();
    const c = this.text[this.pos];
    let filter: FilterTemplate;
    if (c === '&' || c === '|') {
      this.pos++;
      const filters: FilterTemplate[] = [];
      for (this.blanks(); this.text[this.pos] === '('; this.blanks()) filters.push(this.filter());
      if (filters.length === 0) this.fail(`"${c}" needs at least one filter`);
      filter = { type: c === '&' ? 'and' : 'or', filters };
    } else if (c === '!') {
      this.pos++;
      this.blanks();
      filter = { type: 'not', filter: this.filter() };
      this.blanks();
    } else {
      filter = this.item();
    }
    this.expect(')');
    return filter;
  }

  private item(): FilterTemplate {
    const attribute = this.read(/[\w.;-]/);
    if (this.text[this.pos] === ':') return this.extensible(attribute);
    if (!ATTRIBUTE.test(attribute)) this.fail(`invalid attribute name ${JSON.stringify(attribute)}`);
    for (const [op, type] of [
      ['>=', 'greaterOrEqual'],
      ['<=', 'lessOrEqual'],
      ['~=', 'approxMatch'],
    ] as const) {
      if (this.text.startsWith(op, this.pos)) {
        this.pos += op.length;
        return { type, attribute, value: this.textValue(this.value(false)[0]) };
      }
    }
    this.expect('=');
    const parts = this.value(true);
    if (parts.length === 1) return { type: 'equality', attribute, value: parts[0] };
    if (parts.length === 2 && parts.every((p) => p.length === 0)) return { type: 'present', attribute };
    const any = parts.slice(1, -1);
    if (any.some((p) => p.length === 0)) this.fail('empty substring between two "*"');
    const [initial, final] = [parts[0], parts[parts.length - 1]];
    return {
      type: 'substrings',
      attribute,
      ...(initial.length > 0 ? { initial: this.textValue(initial) } : {}),
      any: any.map((p) => this.textValue(p)),
      ...(final.length > 0 ? { final: this.textValue(final) } : {}),
    };
  }

  /** `attr[:dn][:rule]:=value` or `[:dn]:rule:=value` (RFC 4515 extensible match). */
  private extensible(attribute: string): FilterTemplate {
    if (attribute && !ATTRIBUTE.test(attribute)) this.fail(`invalid attribute name ${JSON.stringify(attribute)}`);
    let dnAttributes = false;
    let rule: string | undefined;
    while (this.text[this.pos] === ':' && !this.text.startsWith(':=', this.pos)) {
      this.pos++;
      const token = this.read(/[\w.-]/);
      if (token.toLowerCase() === 'dn' && !dnAttributes && rule === undefined) dnAttributes = true;
      else if (rule === undefined && RULE.test(token)) rule = token;
      else this.fail(`invalid matching rule ${JSON.stringify(token)}`);
    }
    if (!attribute && !rule) this.fail('an extensible match needs an attribute or a matching rule');
    this.expect(':=');
    const value = this.textValue(this.value(false)[0]);
    return {
      type: 'extensibleMatch',
      ...(attribute ? { attribute } : {}),
      ...(rule ? { rule } : {}),
      dnAttributes,
      value,
    };
  }

  private read(allowed: RegExp): string {
    const start = this.pos;
    while (this.pos < this.text.length && allowed.test(this.text[this.pos])) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** An assertion value up to `)`, cut at unescaped `*` when `stars` (else a `*` is an error). */
  private value(stars: boolean): ValueTemplate[] {
    const parts: (Buffer | typeof TERM)[][] = [[]];
    let bytes: number[] = [];
    const flush = () => {
      if (bytes.length > 0) parts[parts.length - 1].push(Buffer.from(bytes));
      bytes = [];
    };
    for (;;) {
      const c = this.text[this.pos];
      if (c === undefined) this.fail('missing ")"');
      if (c === ')') break;
      if (c === '(' || c === '\0') this.fail(`"${c === '\0' ? 'NUL' : c}" must be escaped in a value`);
      if (c === '*') {
        if (!stars) this.fail('"*" is not allowed here (write \\2a for a literal star)');
        flush();
        parts.push([]);
        this.pos++;
      } else if (this.text.startsWith('%Q', this.pos)) {
        flush();
        parts[parts.length - 1].push(TERM);
        this.pos += 2;
      } else if (c === '\\') {
        bytes.push(this.escape());
      } else {
        const char = String.fromCodePoint(this.text.codePointAt(this.pos)!);
        bytes.push(...Buffer.from(char));
        this.pos += char.length;
      }
    }
    flush();
    return parts;
  }

  /** `\xx` (RFC 4515) or `\*`, `\(`, `\)`, `\\` (RFC 1960, still accepted by libldap). */
  private escape(): number {
    const hex = this.text.slice(this.pos + 1, this.pos + 3);
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      this.pos += 3;
      return Number.parseInt(hex, 16);
    }
    const next = this.text[this.pos + 1];
    if (next !== undefined && '*()\\'.includes(next)) {
      this.pos += 2;
      return next.charCodeAt(0);
    }
    this.fail('"\\" must be followed by two hex digits');
  }

  /** Substring, ordering and extensible values go out as text: their literal bytes must be UTF-8. */
  private textValue(value: ValueTemplate): ValueTemplate {
    for (const part of value) {
      if (part === TERM) continue;
      try {
        utf8.decode(part);
      } catch {
        this.fail('escaped bytes in this value must form UTF-8 text');
      }
    }
    return value;
  }
}
