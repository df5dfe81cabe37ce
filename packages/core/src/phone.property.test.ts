import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dialledNumber, isPhoneNumberText, normalizeNumber, phoneCandidates, type PhoneSettings } from './phone.js';

/** How people write numbers: digits and the usual separators, the `(0)` hint, and noise. */
const written = fc
  .array(fc.constantFrom('0', '1', '3', '9', '+', ' ', '.', '-', '/', '(', ')', '(0)', '*', '#', '\t', 'a', 'é'), {
    maxLength: 16,
  })
  .map((p) => p.join(''));
const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));
/** Separators put between digit groups, as a number may be printed. */
const formatted = (number: string, seps: readonly string[]) =>
  [...number].map((d, i) => (i > 0 && seps[i % seps.length] ? seps[i % seps.length] + d : d)).join('');
const separators = fc.array(fc.constantFrom('', ' ', '.', '-', '/'), { minLength: 1, maxLength: 4 });

/** A country's settings and one national number of it (national numbers never start with the trunk prefix). */
const line = fc.oneof(
  // Trunk prefix 0, international prefix 00 (most of Europe).
  fc.record({
    settings: fc.record({ country_code: digits(1, 3).filter((c) => c[0] !== '0') }) as fc.Arbitrary<PhoneSettings>,
    national: fc.tuple(fc.constantFrom(...'123456789'), digits(3, 10)).map(([a, b]) => a + b),
  }),
  // North America: country 1, trunk prefix 1, international prefix 011.
  fc.record({
    settings: fc.constant<PhoneSettings>({ country_code: '1', national_prefix: '1', international_prefix: '011' }),
    national: fc.tuple(fc.constantFrom(...'23456789'), digits(9, 9)).map(([a, b]) => a + b),
  }),
  // No trunk prefix (Spain, Italy, Denmark): national numbers of six digits or more.
  fc.record({
    settings: fc.record({
      country_code: fc.constantFrom('34', '39', '45'),
      national_prefix: fc.constant(''),
    }) as fc.Arbitrary<PhoneSettings>,
    national: fc.tuple(fc.constantFrom(...'123456789'), digits(5, 9)).map(([a, b]) => a + b),
  }),
);

/** As the backends compare: a value written as a phone number by its digits, anything else exactly. */
const key = (v: string) => (isPhoneNumberText(v) && normalizeNumber(v)) || v;

describe('phone numbers (property)', () => {
  /** The rule as written: trimmed; an international number's `(0)` dropped; digits, `*` and `#` kept. */
  const normalDefinition = (raw: string) => {
    let text = raw.trim();
    const international = text.startsWith('+');
    if (international) text = text.replace(/\(0\)/g, '');
    const kept = text.replace(/[^0-9*#]/g, '');
    return /[0-9]/.test(kept) ? (international ? '+' : '') + kept : '';
  };

  it('normalises as its definition says, for any text (the fast path of normal numbers included)', () => {
    const normal = fc
      .tuple(fc.constantFrom('', '+', ' ', ' +'), fc.array(fc.constantFrom(...'0123456789*#'), { maxLength: 16 }))
      .map(([head, chars]) => head + chars.join(''));
    fc.assert(
      fc.property(fc.oneof(written, normal, fc.string({ maxLength: 12 })), (raw) => {
        expect(normalizeNumber(raw)).toBe(normalDefinition(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('normalises and dials numbers longer than a call takes arguments (a malformed file)', () => {
    const long = `+33 ${'12 '.repeat(150_000)}`;
    expect(normalizeNumber(long)).toBe(normalDefinition(long));
    expect(dialledNumber(long)).toBe(`+33${'12'.repeat(150_000)}`);
  });

  it('normalises idempotently, to digits, * and # with at most a leading +', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string()), (raw) => {
        const n = normalizeNumber(raw);
        expect(normalizeNumber(n)).toBe(n);
        expect(n).toMatch(/^(?:\+?[0-9*#]*[0-9][0-9*#]*)?$/);
        if (n !== '') expect(isPhoneNumberText(n)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('ignores formatting: a number printed any way normalises to its digits', () => {
    fc.assert(
      fc.property(digits(1, 15), separators, fc.boolean(), (number, seps, plus) => {
        const text = (plus ? '+' : '') + formatted(number, seps);
        expect(normalizeNumber(` ${text} `)).toBe((plus ? '+' : '') + number);
        expect(isPhoneNumberText(text)).toBe(true);
      }),
    );
  });

  it('makes the national and international forms of a line meet, however each is printed', () => {
    fc.assert(
      fc.property(line, separators, separators, ({ settings, national }, sepA, sepB) => {
        const cc = settings.country_code!;
        const trunk = settings.national_prefix ?? '0';
        const forms = (nsn: string) => [
          `${trunk}${nsn}`,
          `+${cc} ${nsn}`,
          `${settings.international_prefix ?? '00'}${cc} ${nsn}`,
          // The (0) hint of an international number written for national readers, where the trunk prefix is 0.
          ...(trunk === '0' ? [`+${cc} (0)${nsn}`] : []),
        ];
        for (const a of forms(formatted(national, sepA))) {
          const candidates = phoneCandidates(a, settings).map(key);
          for (const b of forms(formatted(national, sepB))) expect(candidates, `${a} ~ ${b}`).toContain(key(b));
        }
      }),
      { numRuns: 500 },
    );
  });

  it('compares anything not written as a number exactly: its only candidate is itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), line, (text, { settings }) => {
        fc.pre(!isPhoneNumberText(text.trim()) && text.trim() !== '');
        expect(phoneCandidates(text, settings)).toEqual([text.trim()]);
      }),
    );
  });

  it('lists the number as received first, and never an empty candidate', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string()), line, (raw, { settings }) => {
        const candidates = phoneCandidates(raw, settings);
        if (raw.trim() !== '') expect(candidates[0]).toBe(raw.trim());
        expect(candidates).not.toContain('');
        expect(new Set(candidates).size).toBe(candidates.length);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dialledNumber', () => {
  /** The phone views' rule as written: keep digits, `*#+` and parentheses; the trunk hint; drop parentheses. */
  const definition = (raw: string) => {
    const kept = raw.replace(/[^0-9*#+()]/g, '');
    if (!/[()]/.test(kept)) return kept;
    const hinted = /^\+([0-9]+)\([0-9]+\)([0-9]+)$/.exec(kept);
    return hinted ? `00${hinted[1]}${hinted[2]}` : kept.replace(/[()]/g, '');
  };

  it('keeps what phones dial, the trunk hint made international, for any text', () => {
    fc.assert(
      fc.property(fc.oneof(written, fc.string({ maxLength: 12 }), fc.constant('')), (raw) => {
        expect(dialledNumber(raw)).toBe(definition(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('returns a number written as phones dial it as it is', () => {
    for (const raw of ['0612345678', '+33612345678', '*31#', '']) expect(dialledNumber(raw)).toBe(raw);
    expect(dialledNumber('+33 (0)1 23')).toBe('0033123');
    expect(dialledNumber('(01) 23-45')).toBe('012345');
    expect(dialledNumber('+1 (2) x')).toBe('+12');
  });
});
