import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AclPatterns, aclGrants, aclMatches } from './auth-plugin.js';

/**
 * wazo-auth's own rule, written the way it writes it (a regular expression per pattern: `*` is `[^.#]*?`,
 * `#` is `.*?`, reserved segments become alternatives), as the reference the linear matcher must agree with.
 */
function wazoRegex(pattern: string, userUuid: string | null): RegExp {
  const escaped = pattern.replace(/[\\^$.|?*+()[\]{}#-]/g, (c) => `\\${c}`);
  const wild = escaped.replace(/\\\*/g, '[^.#]*?').replace(/\\#/g, '.*?');
  const segments = wild.split('\\.').map((s) => {
    if (s === 'me' && userUuid) return `(?:me|${userUuid.replace(/[\\^$.|?*+()[\]{}#-]/g, (c) => `\\${c}`)})`;
    if (s === 'edit') return '(?:edit|update)';
    return s;
  });
  return new RegExp(`^${segments.join('\\.')}$`, 's');
}

const piece = fc.constantFrom('a', 'b', 'ab', '.', '*', '#', 'me', 'edit', 'update', 'u-1', '+', '(');
const pattern = fc.array(piece, { maxLength: 8 }).map((p) => p.join(''));
const acl = fc.array(fc.constantFrom('a', 'b', '.', '#', '*', 'me', 'u-1', 'update', 'edit', 'x'), { maxLength: 10 });

describe('ACL patterns (property)', () => {
  it("aclMatches agrees with wazo-auth's regular expressions for any pattern and ACL", () => {
    fc.assert(
      fc.property(pattern, acl, fc.constantFrom(null, 'u-1'), (p, a, user) => {
        const text = a.join('');
        expect(aclMatches(p, text, user)).toBe(wazoRegex(p, user).test(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("a token's compiled patterns decide as wazo-auth does: a matching negative denies, else any positive grants", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), pattern), { maxLength: 5 }),
        acl,
        fc.constantFrom(null, 'u-1'),
        (list, a, user) => {
          const text = a.join('');
          const patterns = list.map(([negative, p]) => (negative ? `!${p}` : p));
          const denied = list.some(([negative, p]) => negative && wazoRegex(p, user).test(text));
          const granted = list.some(([negative, p]) => !negative && wazoRegex(p, user).test(text));
          const compiled = new AclPatterns(patterns, user);
          expect(compiled.grants(text)).toBe(!denied && granted);
          expect(aclGrants(patterns, text, user)).toBe(!denied && granted);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('a pattern written without wildcards or reserved words grants exactly itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), fc.string({ maxLength: 30 }), (p, a) => {
        fc.pre(!/[*#!]/.test(p) && !p.split('.').some((s) => s === 'me' || s === 'edit'));
        expect(aclMatches(p, a)).toBe(p === a);
      }),
    );
  });

  it('a negative pattern that matches always wins over any positive ones', () => {
    fc.assert(
      fc.property(fc.array(pattern, { maxLength: 4 }), acl, (positives, a) => {
        const text = a.join('');
        expect(aclGrants([...positives, `!${text.replace(/[*#]/g, '')}`], text.replace(/[*#]/g, ''))).toBe(false);
      }),
    );
  });
});
