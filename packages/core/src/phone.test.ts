import { describe, expect, it } from 'vitest';
import { isPhoneNumberText, normalizeNumber, phoneCandidates } from './phone.js';

describe('normalizeNumber', () => {
  it('removes formatting characters and keeps a leading +', () => {
    expect(normalizeNumber('+33 1 23 45 67 89')).toBe('+33123456789');
    expect(normalizeNumber('01.23.45.67.89')).toBe('0123456789');
    expect(normalizeNumber('(01) 23-45-67-89')).toBe('0123456789');
    expect(normalizeNumber('+33 (0)1 23 45 67 89')).toBe('+33123456789');
    expect(normalizeNumber(' *67 1234# ')).toBe('*671234#');
    expect(normalizeNumber('alice@example.com')).toBe('');
  });
});

describe('phoneCandidates', () => {
  const france = { country_code: '33', national_prefix: '0', international_prefix: '00' };
  // As the backends compare: a value written as a phone number by its digits, anything else exactly.
  const key = (v: string) => (isPhoneNumberText(v) && normalizeNumber(v)) || v;
  const same = (a: string, b: string, settings = {}) => phoneCandidates(a, settings).some((c) => key(c) === key(b));

  it('makes the four French spellings of one line meet, with the profile settings', () => {
    const forms = ['+33 1 23 45 67 89', '0033123456789', '01.23.45.67.89', '(01) 23-45-67-89'];
    for (const a of forms) for (const b of forms) expect(same(a, b, france), `${a} ~ ${b}`).toBe(true);
    expect(phoneCandidates('01.23.45.67.89', france)).toEqual([
      '01.23.45.67.89',
      '0123456789',
      '+33123456789',
      '0033123456789',
    ]);
  });

  it('only ignores formatting by default: national and international forms differ without a country code', () => {
    expect(phoneCandidates('01.23.45.67.89')).toEqual(['01.23.45.67.89', '0123456789']);
    expect(same('01 23 45 67 89', '+33123456789')).toBe(false);
    expect(phoneCandidates('+33 1 23 45 67 89')).toEqual(['+33 1 23 45 67 89', '+33123456789']);
  });

  it('compares a caller id not written as a number exactly, never by the digits inside it', () => {
    expect(phoneCandidates('sip:1234@pbx.example', france)).toEqual(['sip:1234@pbx.example']);
    expect(phoneCandidates('john12@example.com', france)).toEqual(['john12@example.com']);
    expect(phoneCandidates('x1111y')).toEqual(['x1111y']);
    expect(same('x0123456789', '0123456789', france)).toBe(false);
  });

  it('keeps short internal extensions and service codes as they are', () => {
    expect(phoneCandidates('1234', france)).toEqual(['1234']);
    expect(phoneCandidates('*10', france)).toEqual(['*10']);
    expect(phoneCandidates('  ', france)).toEqual([]);
  });

  it('handles North American numbers with its prefixes', () => {
    const nanp = { country_code: '1', national_prefix: '1', international_prefix: '011' };
    expect(phoneCandidates('+1 (418) 555-0199', nanp)).toEqual([
      '+1 (418) 555-0199',
      '+14185550199',
      '01114185550199',
      '14185550199',
    ]);
  });

  it('makes national numbers without a trunk prefix meet their international form (empty national_prefix)', () => {
    const spain = { country_code: '34', national_prefix: '' };
    expect(phoneCandidates('912 345 678', spain)).toEqual([
      '912 345 678',
      '912345678',
      '+34912345678',
      '0034912345678',
    ]);
    expect(phoneCandidates('+34 912 34 56 78', spain)).toContain('912345678');
    const tenDigits = { country_code: '1', national_prefix: '', international_prefix: '011' };
    expect(phoneCandidates('+1 418 555 0199', tenDigits)).toContain('4185550199');
    expect(phoneCandidates('(418) 555-0199', tenDigits)).toContain('+14185550199');
    // Internal extensions stay as they are.
    expect(phoneCandidates('1234', spain)).toEqual(['1234']);
  });
});
