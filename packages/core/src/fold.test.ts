import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { fold } from './fold.js';

describe('fold', () => {
  it('ignores case and accents, so pep, pép and PÉP all find Pépé', () => {
    for (const t of ['pep', 'pép', 'PÉP', 'Pépé']) expect(fold('Pépé').includes(fold(t))).toBe(true);
    expect(fold('François Charlé')).toBe('francois charle');
    expect(fold('QUÉBEC')).toBe('quebec');
  });

  it('folds letters that have no decomposition, and compatibility forms', () => {
    expect(fold('Søren Øverby')).toBe('soren overby');
    expect(fold('Weiß Łukasz Æsir Œuvre')).toBe('weiss lukasz aesir oeuvre');
    expect(fold('ﬁnance')).toBe('finance');
    expect(fold('İstanbul')).toBe('istanbul');
  });
});

describe('fold of Latin text, one character at a time (property)', () => {
  // The definition: what fold did before its table, and still does for any text beyond Latin.
  const reference = (text: string) =>
    text
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase()
      .replace(
        /[ßæœøłđðþı]/g,
        (c) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' })[c]!,
      );

  it('folds every character of the table as the whole text would', () => {
    for (let c = 0; c < 0x300; c++)
      expect(fold(String.fromCharCode(c)), c.toString(16)).toBe(reference(String.fromCharCode(c)));
  });

  it('folds any mix of Latin, ASCII, marks and other scripts as the reference does', () => {
    const unit = fc.oneof(
      fc.integer({ min: 0, max: 0x24f }),
      fc.integer({ min: 0x300, max: 0x36f }),
      fc.constantFrom(0x3a3, 0x130, 0x1c5, 0xfb01, 0xd83d, 0xde00, 0x2044),
      fc.integer({ min: 0, max: 0xffff }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (units) => {
        const text = String.fromCharCode(...units);
        expect(fold(text)).toBe(reference(text));
      }),
      { numRuns: 5000 },
    );
  });
});
