import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { Template } from './template.js';

/** Text as a template holds it literally: every brace doubled. */
const literal = (text: string) => text.replace(/[{}]/g, (b) => b + b);

/** A field name the template syntax allows: anything but braces, `:` and `!`, built-in names included. */
const fieldName = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 10 }).filter((s) => !/[{}:!]/.test(s)),
  fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'length', '0'),
);
const part = fc.oneof(
  fc.record({ text: fc.string({ unit: 'grapheme', maxLength: 8 }) }),
  fc.record({ field: fieldName }),
);
const value = fc.oneof(fc.string({ maxLength: 6 }), fc.integer(), fc.boolean(), fc.constant(null));

describe('format_columns templates (property)', () => {
  it('renders any text written with doubled braces as that text, reading no field', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        const template = Template.compile(literal(text));
        expect(template.fields).toEqual([]);
        expect(template.render({ a: 'x' })).toBe(text.trim() === '' ? null : text.trim());
      }),
    );
  });

  it('renders fields and text in order, and reads nothing but the fields it lists, own ones only', () => {
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.dictionary(fieldName, value), (parts, record) => {
        const source = parts.map((p) => ('field' in p ? `{${p.field}}` : literal(p.text))).join('');
        const template = Template.compile(source);
        const read = new Set<PropertyKey>();
        const watched = new Proxy(record, {
          get: (target, key, receiver) => (read.add(key), Reflect.get(target, key, receiver)),
          has: (target, key) => (read.add(key), Reflect.has(target, key)),
          getOwnPropertyDescriptor: (target, key) => (read.add(key), Reflect.getOwnPropertyDescriptor(target, key)),
        });
        const expected = parts
          .map((p) => {
            if (!('field' in p)) return p.text;
            const v = Object.hasOwn(record, p.field) ? record[p.field] : undefined;
            return v === undefined || v === null ? '' : String(v);
          })
          .join('')
          .trim();
        expect(template.render(watched)).toBe(expected === '' ? null : expected);
        for (const key of read) expect(template.fields).toContain(key);
        expect(template.fields).toEqual([...new Set(parts.flatMap((p) => ('field' in p ? [p.field] : [])))]);
      }),
      { numRuns: 500 },
    );
  });

  it('compiles any text or refuses it with a ConfigError naming the key, never another error', () => {
    const bracey = fc
      .array(fc.constantFrom('{', '}', '{{', '}}', 'a', ':', '!', ' ', '{a}', '}{'), { maxLength: 10 })
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), bracey), (source) => {
        try {
          Template.compile(source, 'format_columns.x').render({ a: 1 });
        } catch (err) {
          expect(err).toBeInstanceOf(ConfigError);
          expect((err as ConfigError).key).toBe('format_columns.x');
        }
      }),
      { numRuns: 1000 },
    );
  });
});
