import { describe, expect, it } from 'vitest';
import { aclGrants, aclMatches } from './auth-plugin.js';

const USER = '8f7e0d6c-1b2a-4c3d-9e8f-0a1b2c3d4e5f';

describe('aclMatches: wazo-auth ACL patterns', () => {
  it('compares literal patterns exactly, regular-expression characters included', () => {
    expect(aclMatches('dird.directories.lookup.default.read', 'dird.directories.lookup.default.read')).toBe(true);
    expect(aclMatches('dird.directories.lookup.default.read', 'dird.directories.lookup.default.reads')).toBe(false);
    expect(aclMatches('dird.directories.lookup.default.read', 'dird.directories.lookup.default')).toBe(false);
    expect(aclMatches('a+b.(c)', 'aab.(c)')).toBe(false);
    expect(aclMatches('a+b.(c)', 'a+b.(c)')).toBe(true);
    expect(aclMatches('a.b', 'aXb')).toBe(false);
  });

  it('reads * as any characters but "." and "#": one segment, part of one, or an empty one', () => {
    expect(aclMatches('dird.directories.lookup.*.read', 'dird.directories.lookup.default.read')).toBe(true);
    expect(aclMatches('dird.directories.lookup.*.read', 'dird.directories.lookup.a.b.read')).toBe(false);
    expect(aclMatches('dird.directories.lookup.*.read', 'dird.directories.lookup..read')).toBe(true);
    expect(aclMatches('dird.directories.lookup.def*.read', 'dird.directories.lookup.default.read')).toBe(true);
    expect(aclMatches('dird.directories.lookup.def*.read', 'dird.directories.lookup.sales.read')).toBe(false);
    expect(aclMatches('dird.*', 'dird.a#b')).toBe(false);
  });

  it('reads # as any characters at all, dots included, but the dots written around it are required', () => {
    expect(aclMatches('dird.#', 'dird.directories.lookup.default.read')).toBe(true);
    expect(aclMatches('dird.#', 'dird.')).toBe(true);
    expect(aclMatches('dird.#', 'dird')).toBe(false);
    expect(aclMatches('dird.#', 'dirdx.y')).toBe(false);
    expect(aclMatches('#', '')).toBe(true);
    expect(aclMatches('#', 'anything.at.all')).toBe(true);
    expect(aclMatches('a.#.read', 'a.x.y.read')).toBe(true);
    expect(aclMatches('a.#.read', 'a.read')).toBe(false);
    expect(aclMatches('dird.directories.#', 'dird.personal.read')).toBe(false);
  });

  it('lets a "me" segment match the token owner\'s uuid (or "me" itself), never another user', () => {
    const pattern = 'dird.directories.reverse.*.me.read';
    expect(aclMatches(pattern, `dird.directories.reverse.default.${USER}.read`, USER)).toBe(true);
    expect(aclMatches(pattern, 'dird.directories.reverse.default.me.read', USER)).toBe(true);
    expect(aclMatches(pattern, 'dird.directories.reverse.default.someone-else.read', USER)).toBe(false);
    expect(aclMatches(pattern, `dird.directories.reverse.default.${USER}.read`, null)).toBe(false);
    expect(aclMatches('dird.personal.me', `dird.personal.${USER}`, USER)).toBe(true);
    // Only a whole segment is the reserved word.
    expect(aclMatches('dird.meme', `dird.${USER}me`, USER)).toBe(false);
  });

  it('lets an "edit" segment grant "update" (wazo-auth keeps the deprecated suffix)', () => {
    expect(aclMatches('dird.personal.*.edit', 'dird.personal.42.update')).toBe(true);
    expect(aclMatches('dird.personal.*.edit', 'dird.personal.42.edit')).toBe(true);
    expect(aclMatches('dird.personal.*.update', 'dird.personal.42.edit')).toBe(false);
  });

  it('never grants by a negative pattern alone', () => {
    expect(aclMatches('!dird.#', 'dird.x')).toBe(false);
  });

  it('stays fast on patterns full of wildcards against long ACLs (no backtracking)', () => {
    const pattern = '#.#.#.#.#.#.#.#.#.#.#.#.*.*.*.*.x';
    const acl = 'a.'.repeat(5000) + 'y';
    expect(aclMatches(pattern, acl)).toBe(false);
  });
});

describe("aclGrants: a token's patterns", () => {
  it('grants when a positive pattern matches and no negative one does, in any order', () => {
    const acls = ['dird.#', '!dird.directories.lookup.secret.read'];
    expect(aclGrants(acls, 'dird.directories.lookup.default.read')).toBe(true);
    expect(aclGrants(acls, 'dird.directories.lookup.secret.read')).toBe(false);
    expect(aclGrants([...acls].reverse(), 'dird.directories.lookup.secret.read')).toBe(false);
    expect(aclGrants(['!dird.x'], 'dird.y')).toBe(false);
    expect(aclGrants([], 'dird.y')).toBe(false);
  });

  it('applies "me" in negative patterns too', () => {
    expect(aclGrants(['dird.personal.#', '!dird.personal.me.delete'], `dird.personal.${USER}.delete`, USER)).toBe(
      false,
    );
    expect(aclGrants(['dird.personal.#', '!dird.personal.me.delete'], 'dird.personal.other.delete', USER)).toBe(true);
  });
});
