import { describe, expect, it } from 'vitest';
import { messagesFor, pickLanguage } from './i18n.js';

describe('pickLanguage', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['fr', 'fr'],
    ['fr-CA', 'fr'],
    ['FR-ch', 'fr'],
    ['de, fr;q=0.5', 'fr'],
    ['en;q=0.4, fr;q=0.8', 'fr'],
    ['fr;q=0.8, en', 'en'],
    ['fr, en', 'fr'],
    ['en, fr', 'en'],
    ['fr;q=0, en;q=0.1', 'en'],
    ['fr;q=0', 'en'],
    ['de, *;q=0.5', 'en'],
    ['fr;q=0.5, *;q=0.8', 'en'],
    ['ja, zh', 'en'],
    ['fr;q=abc', 'fr'],
    [';;,,', 'en'],
  ])('Accept-Language %j gives %s', (header, language) => {
    expect(pickLanguage(header)).toBe(language);
  });

  it('has the French of every string', () => {
    expect(messagesFor('fr')).toMatchObject({ noEntries: 'Aucune entrée', search: 'Recherche XiVO', dial: 'Appeler' });
    expect(messagesFor('en').noEntries).toBe('No entries');
  });
});
