import { describe, expect, it } from 'vitest';
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
