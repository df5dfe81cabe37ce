import { describe, expect, it } from 'vitest';
import { escapeFilterValue, filterToString } from './filter.js';
import { FilterSyntaxError, parseFilterTemplate } from './filter-parser.js';
import { fillTemplate, usesTerm } from './filter-template.js';

const filled = (text: string, term: string) => filterToString(fillTemplate(parseFilterTemplate(text), term));

describe('ldap_custom_filter parsing', () => {
  it('reads the RFC 4515 grammar: and, or, not, presence, substrings, ordering, approx, extensible', () => {
    const text =
      '(&(objectClass=person)(!(mail=*))(|(cn=Al*ce*W*)(sn~=smith))(age>=18)(age<=65)' +
      '(userAccountControl:1.2.840.113556.1.4.803:=2)(o:dn:=Acme)(:dn:2.5.13.5:=x))';
    expect(filled(text, '')).toBe(text);
  });

  it('keeps non-ASCII literals as UTF-8 bytes (what ldapjs string filters get wrong)', () => {
    const filter = fillTemplate(parseFilterTemplate('(&(l=Québec)(cn=*ç*))'), '');
    expect(filter).toMatchObject({
      type: 'and',
      filters: [
        { type: 'equality', attribute: 'l', value: Buffer.from('Québec') },
        { type: 'substrings', attribute: 'cn', any: [Buffer.from('ç')] },
      ],
    });
  });

  it('decodes \\xx escapes, and the old \\* form libldap still accepts', () => {
    const filter = fillTemplate(parseFilterTemplate('(cn=Qu\\c3\\a9bec \\2a\\28x\\29 \\*)'), '');
    expect(filter).toMatchObject({ type: 'equality', value: Buffer.from('Québec *(x) *') });
  });

  it('accepts a filter without outer parentheses and blanks between filters, as libldap does', () => {
    expect(filled(' l=Québec ', '')).toBe('(l=Qu\\c3\\a9bec)');
    expect(filled('(| (cn=a) (cn=b) )', '')).toBe('(|(cn=a)(cn=b))');
  });

  it('skips tabs, newlines and CRs as blanks, after "(" too: a filter written over several lines loads', () => {
    expect(filled('( &(a=b))', '')).toBe('(&(a=b))');
    expect(filled('(\t!\r\n (a=b)\n)', '')).toBe('(!(a=b))');
    expect(filled('( cn=%Q)', 'x')).toBe('(cn=x)');
    const block = '(&\n  (objectClass=person)\n\t(|\r\n    (cn=*%Q*)\n    (sn=%Q*)\n  )\n)\n';
    expect(filled(block, 'al')).toBe('(&(objectClass=person)(|(cn=*al*)(sn=al*)))');
  });

  it.each([
    ['(cn=a', 'missing ")"'],
    ['(cn=a))', 'unexpected text after the filter at character 7'],
    ['(&)', '"&" needs at least one filter'],
    ['(c n=a)', 'expected "="'],
    ['(1cn=a)', 'invalid attribute name'],
    ['(cn=a(b)', '"(" must be escaped'],
    ['(cn=a\\zz)', 'two hex digits'],
    ['(cn=a**b)', 'empty substring'],
    ['(cn>=a*)', '"*" is not allowed here'],
    ['(cn=*\\ff*)', 'must form UTF-8 text'],
    ['(:=x)', 'needs an attribute or a matching rule'],
  ])('rejects %s with a message saying what and where', (text, message) => {
    expect(() => parseFilterTemplate(text)).toThrow(FilterSyntaxError);
    expect(() => parseFilterTemplate(text)).toThrow(message);
  });
});

describe('%Q', () => {
  it('fills every slot with the term as data: filter syntax in the term stays literal text', () => {
    const text = '(|(cn=*%Q*)(telephoneNumber=%Q)(sn=%Q*))';
    expect(filled(text, '*)(uid=*')).toBe(
      '(|(cn=*\\2a\\29\\28uid=\\2a*)(telephoneNumber=\\2a\\29\\28uid=\\2a)(sn=\\2a\\29\\28uid=\\2a*))',
    );
    expect(filled(text, 'Charlé')).toBe('(|(cn=*Charl\\c3\\a9*)(telephoneNumber=Charl\\c3\\a9)(sn=Charl\\c3\\a9*))');
  });

  it('turns a substring left empty by an empty term into a presence test, so that it matches all', () => {
    expect(filled('(cn=*%Q*)', '')).toBe('(cn=*)');
    expect(filled('(cn=a*%Q*b)', '')).toBe('(cn=a*b)');
    expect(filled('(cn=%Q)', '')).toBe('(cn=)');
  });

  it('is only a slot inside values, and usesTerm tells whether there is one', () => {
    expect(usesTerm(parseFilterTemplate('(&(a=1)(!(b=x%Qy)))'))).toBe(true);
    expect(usesTerm(parseFilterTemplate('(&(a=1)(b=*))'))).toBe(false);
    expect(() => parseFilterTemplate('(%Q=1)')).toThrow('invalid attribute name');
  });
});

describe('escapeFilterValue', () => {
  it('escapes the RFC 4515 specials, control bytes and non-ASCII bytes', () => {
    expect(escapeFilterValue('a*b(c)d\\e\0é')).toBe('a\\2ab\\28c\\29d\\5ce\\00\\c3\\a9');
  });
});
