import { ConfigError } from '../errors.js';

/** `value` as an http:// or https:// URL; anything else is a config mistake naming `key`. */
export function webUrl(value: string, key: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`not a URL: ${JSON.stringify(value)} (write it as https://host/path)`, { key });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`an http:// or https:// URL is expected, not ${url.protocol}//`, { key });
  }
  url.hash = '';
  return url;
}

/**
 * `base` with the `[name, value]` pairs added to its query, each encoded by URLSearchParams: no character of a
 * term (`&`, `#`, `=`, `%`, a line end) can change the URL's shape. Parameters `base` already has are kept.
 */
export function withParams(base: URL, params: readonly (readonly [string, string])[]): URL {
  const url = new URL(base);
  for (const [name, value] of params) url.searchParams.append(name, value);
  return url;
}

/** The URL for logs and errors: scheme, host, port and path, never its credentials or query (tokens, terms). */
export function safeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}
