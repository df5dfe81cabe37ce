import { describe, expect, it } from 'vitest';
import { IGNORED_KEYS, IGNORED_REST_API_KEYS } from './ignored-keys.js';
import { unknownKeys } from './unknown-keys.js';

describe('unknown keys', () => {
  it("the originals' keys dird ignores pass without a word, at the top level and under rest_api", () => {
    const layer = {
      ...Object.fromEntries(Object.keys(IGNORED_KEYS).map((k) => [k, { any: 'thing' }])),
      rest_api: Object.fromEntries(Object.keys(IGNORED_REST_API_KEYS).map((k) => [k, 10])),
    };
    expect(unknownKeys(layer, 'config.yml')).toEqual([]);
  });

  it('lookup_timeout is ignored with a warning that says where its meaning went', () => {
    expect(unknownKeys({ lookup_timeout: 3 }, 'config.yml')).toEqual([
      'config.yml: lookup_timeout is not read by dird (ignored): ' +
        "xivo-dird 15.x's timeout of every lookup; in dird each profile has its own, " +
        'services.lookup.<profile>.timeout (default 1 s)',
    ]);
  });

  it('a typo is named with the key it is close to; a key named like an Object method is a key like another', () => {
    expect(
      unknownKeys({ enabled_plugin: {}, constructor: { a: 1 }, rest_api: { toString: 1, prot: 1 } }, 'c.yml'),
    ).toEqual([
      'c.yml: unknown key enabled_plugin (ignored): did you mean enabled_plugins?',
      'c.yml: unknown key constructor (ignored)',
      'c.yml: unknown key rest_api.toString (ignored)',
      'c.yml: unknown key rest_api.prot (ignored): did you mean rest_api.port?',
    ]);
  });

  it('a typo under metrics is named too (metrics.public read as false would close a scrape that was meant open)', () => {
    expect(unknownKeys({ metrics: { publc: true, public: false } }, 'c.yml')).toEqual([
      'c.yml: unknown key metrics.publc (ignored): did you mean metrics.public?',
    ]);
  });
});
