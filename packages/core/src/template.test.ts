import { describe, expect, it } from 'vitest';
import { ConfigError } from './errors.js';
import { Template } from './template.js';

describe('Template', () => {
  it('formats fields, trims, and turns an empty result into null', () => {
    const t = Template.compile('{firstname} {lastname}');
    expect(t.render({ firstname: 'Alice', lastname: 'Alan' })).toBe('Alice Alan');
    expect(t.render({ firstname: 'Alice' })).toBe('Alice');
    expect(t.render({ firstname: null, lastname: ' Alan ' })).toBe('Alan');
    expect(Template.compile('{exten}').render({ exten: '' })).toBeNull();
    expect(t.render({})).toBeNull();
  });

  it("renders a field named like an object built-in only from the record's own fields", () => {
    const t = Template.compile('{constructor}{toString}{__proto__}{hasOwnProperty}');
    expect(t.render({ firstname: 'Alice' })).toBeNull();
    expect(t.render({ constructor: 'Built' })).toBe('Built');
  });

  it('lists the fields it reads and keeps literal braces', () => {
    const t = Template.compile('{{{a}}} {b} {a}');
    expect(t.fields).toEqual(['a', 'b']);
    expect(t.render({ a: 1, b: true })).toBe('{1} true 1');
  });

  it('refuses what it does not support, naming the key', () => {
    expect(() => Template.compile('{x:>5}', 'format_columns.x')).toThrow(ConfigError);
    expect(() => Template.compile('{x:>5}', 'format_columns.x')).toThrow(/format_columns\.x.*not supported/);
    expect(() => Template.compile('{oops')).toThrow(/without its "}"/);
    expect(() => Template.compile('a}b')).toThrow(/without its "{"/);
    expect(() => Template.compile('{}')).toThrow(/empty/);
  });
});
