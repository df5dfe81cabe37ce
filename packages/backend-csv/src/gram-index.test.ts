import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GramIndex } from './gram-index.js';

/** Strings over a small alphabet, so that grams repeat and posting lists of every length occur. */
const letter = fc.constantFrom('a', 'b', 'c', 'é', ' ');
const word = fc.string({ unit: letter, minLength: 0, maxLength: 12, size: 'max' });

describe.each([3, 4])('GramIndex.candidates, grams of %i', (width) => {
  const term = fc.string({ unit: letter, minLength: width, maxLength: width + 3 });

  it('gives, ascending and once each, every id whose string holds the term (and is exact after includes)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { minLength: 20, maxLength: 400, size: 'max' }),
        fc.array(term, { minLength: 1, maxLength: 20 }),
        async (strings, terms) => {
          const index = await GramIndex.build(strings, width);
          for (const term of terms) {
            const candidates = Array.from(index.candidates(term));
            const holding = strings.flatMap((s, id) => (s.includes(term) ? [id] : []));
            expect(
              candidates.filter((id) => strings[id].includes(term)),
              term,
            ).toEqual(holding);
            for (let i = 1; i < candidates.length; i++) expect(candidates[i]).toBeGreaterThan(candidates[i - 1]);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('answers one term after another from the same index (its answer buffer is reused)', async () => {
    const strings = Array.from(
      { length: 5000 },
      (_, i) => `name${i} ${i % 7 === 0 ? 'martin' : 'dupont'} ${i % 3 ? 'lyon' : 'paris'}`,
    );
    const index = await GramIndex.build(strings, width);
    for (const term of ['martin', 'dupont', 'lyon', 'paris', 'rtin lyo', 'name49', 'zzzz', 'ont par']) {
      const expected = strings.flatMap((s, id) => (s.includes(term) ? [id] : []));
      expect(
        Array.from(index.candidates(term)).filter((id) => strings[id].includes(term)),
        term,
      ).toEqual(expected);
    }
  });

  it('refuses a term shorter than its grams rather than answering every string', async () => {
    const index = await GramIndex.build(['martin', 'dupont'], width);
    expect(() => index.candidates('ab'.slice(0, width - 1))).toThrow(RangeError);
  });
});
