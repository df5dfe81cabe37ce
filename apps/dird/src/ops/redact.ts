/** What a secret is shown as. */
export const REDACTED = '********';

/**
 * Words that make a key secret, matched against the words of its name (`ldap_password` → `ldap`, `password`;
 * `tokenSha256` → `token`, `sha256`): passwords, secrets, tokens and their hashes, keys and key files,
 * credentials. A key file's path is hidden too: the route cannot tell a path from the key itself.
 */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'pass',
  'passphrase',
  'bindpw',
  'secret',
  'secrets',
  'token',
  'tokens',
  'key',
  'keys',
  'apikey',
  'privatekey',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'cookie',
  'hash',
  'salt',
  'sha256',
]);

/** True when the key's name says it holds a secret. */
export function isSecretKey(key: string): boolean {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  return words.some((w) => SECRET_WORDS.has(w)) || SECRET_WORDS.has(words.join(''));
}

/**
 * The config with every secret replaced by {@link REDACTED}, walking the whole tree: the value of every key
 * whose name says secret ({@link isSecretKey}; under it, lists of strings too, while mappings and lists of
 * mappings are walked, so a static token's `user_uuid` and `acls` stay readable), and in every string, the
 * password of a URL (`mysql://user:pass@host`) and the values of secret query parameters. Never changes its input.
 */
export function redactConfig(config: unknown): unknown {
  return walk(config, false);
}

function walk(value: unknown, secret: boolean): unknown {
  if (Array.isArray(value)) return value.map((item) => walk(item, secret));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      // defineProperty: a `__proto__` key stays a key.
      Object.defineProperty(out, key, {
        value: walk(child, isSecretKey(key)),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (secret && (typeof value === 'string' || typeof value === 'number')) return REDACTED;
  if (typeof value === 'string') return redactText(value);
  return value;
}

/**
 * `scheme://user:password@`: the password is everything up to the last `@` before a space, so that one holding
 * an unescaped `/` or `@` is hidden whole (at worst the host is hidden with it).
 */
const URL_PASSWORD = /([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:)\S*@/gi;
/** `?password=…` / `&token=…` in a URL, `password=…` in a connection string. */
const QUERY_SECRET = /(^|[?&;\s])([^=&;#\s]+)=([^&;#\s]*)/g;

/**
 * `text` with the password of every URL in it hidden (`mysql://dird:s3cret@db/dird` → `mysql://dird:********@db/dird`)
 * and the values of query parameters named like secrets (`?token=…`): for config strings and error messages.
 */
export function redactText(text: string): string {
  if (!text.includes('://') && !text.includes('=')) return text;
  return text
    .replace(URL_PASSWORD, `$1${REDACTED}@`)
    .replace(QUERY_SECRET, (all, sep: string, name: string) => (isSecretKey(name) ? `${sep}${name}=${REDACTED}` : all));
}
