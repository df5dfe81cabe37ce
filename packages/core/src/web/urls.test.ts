import { ConfigError } from '../errors.js';
import { describe, expect, it } from 'vitest';
import { safeUrl, webUrl, withParams } from './urls.js';

describe('urls', () => {
  it('adds each parameter encoded, keeping those the URL has', () => {
    const url = withParams(webUrl('https://h.example/dir/lookup?key=1#frag', 'k'), [
      ['name', 'a&b=c#d'],
      ['number', '+33 1'],
    ]);
    expect(url.href).toBe('https://h.example/dir/lookup?key=1&name=a%26b%3Dc%23d&number=%2B33+1');
  });

  it('shows a URL without its credentials or query', () => {
    expect(safeUrl(new URL('https://me:secret@h.example:8443/x/y?token=t'))).toBe('https://h.example:8443/x/y');
  });

  it('takes only http and https URLs, naming the key otherwise', () => {
    expect(() => webUrl('file:///etc/passwd', 'sources.s.lookup_url')).toThrow(ConfigError);
    expect(() => webUrl('/lookup', 'sources.s.lookup_url')).toThrow(/^sources\.s\.lookup_url: not a URL/);
  });
});
