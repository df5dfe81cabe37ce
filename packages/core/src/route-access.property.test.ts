import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileAcl, renderAcl } from './route-access.js';

const literal = fc.constantFrom('dird.', 'directories.', 'lookup', '.read', '.', '', 'x{', '}', 'a_b');
const name = fc.constantFrom('profile', 'user_uuid', 'directory', 'missing');
const template = fc
  .array(
    fc.oneof(
      literal,
      name.map((n) => `{${n}}`),
    ),
    { maxLength: 8 },
  )
  .map((parts) => parts.join(''));
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('a.b', '..', 'default', 'é.ç', '{x}'));
const params = fc.record(
  { profile: value, user_uuid: value, directory: fc.oneof(value, fc.integer()) },
  { requiredKeys: [] },
);

describe('route ACL templates (property)', () => {
  it('the compiled template renders every ACL exactly as renderAcl does', () => {
    fc.assert(
      fc.property(template, params, (t, p) => {
        expect(compileAcl(t)(p)).toBe(renderAcl(t, p));
      }),
      { numRuns: 3000 },
    );
  });

  it("a path value never adds a segment: its '.' become '_'", () => {
    const render = compileAcl('dird.directories.lookup.{profile}.read');
    expect(render({ profile: 'a.b.#' })).toBe('dird.directories.lookup.a_b_#.read');
    expect(render({})).toBe('dird.directories.lookup..read');
  });
});
