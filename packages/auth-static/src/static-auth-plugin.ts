import { AclPatterns, BaseAuthPlugin, ConfigError, type PluginLoadArgs, type TokenVerdict } from '@dird/core';
import { hash, timingSafeEqual } from 'node:crypto';
import { StaticAuthConfigSchema, type StaticAuthConfig, type StaticToken } from './config.js';
import { readTokensFile } from './tokens-file.js';

/** A token as kept in memory: its hash only. */
interface KnownToken {
  readonly digest: Buffer;
  readonly userUuid: string;
  readonly tenant: string | null;
  /** Its ACL patterns, compiled for its user. */
  readonly acls: AclPatterns;
}

/** The most (token, ACL) grants remembered; beyond, they are forgotten and checked afresh. */
const MAX_REMEMBERED = 10_000;

/** Shorter tokens are accepted with a warning: they can be guessed. */
const SHORTEST_SAFE_TOKEN = 16;

/**
 * The `static` token verifier, for sites without wazo-auth: tokens listed in `auth.tokens` and/or
 * `auth.tokens_file`, each with its user, tenant and wazo-auth ACL patterns. Only SHA-256 hashes are kept,
 * and a request's token is compared with every one of them in constant time.
 */
export class StaticAuthPlugin extends BaseAuthPlugin<StaticAuthConfig> {
  static override readonly configSchema = StaticAuthConfigSchema;

  private tokens: readonly KnownToken[] = [];
  /**
   * Grants already checked, by token then ACL. A hit only ever answers for a token the constant-time
   * comparison accepted before; an unknown token always takes the whole comparison, so what the time of an
   * answer tells (this token was granted before) is what the answer itself says. Keyed by the token itself,
   * not its hash: a SHA-256 per request was 3% of a lookup's CPU (docs/benchmarks.md, finding 18); the map's
   * lookup compares a string only once its 32-bit hash equals that of a granted token.
   */
  private readonly granted = new Map<string, Map<string, TokenVerdict>>();
  private grantedCount = 0;

  async load({ config, logger }: PluginLoadArgs<StaticAuthConfig>): Promise<void> {
    const entries: { entry: StaticToken; key: string; file?: string }[] = config.tokens.map((entry, i) => ({
      entry,
      key: `auth.tokens.${i}`,
    }));
    if (config.tokens_file) {
      const file = config.tokens_file;
      (await readTokensFile(file)).forEach((entry, i) => entries.push({ entry, key: `auth.tokens_file.${i}`, file }));
    }
    const known: KnownToken[] = [];
    const keys: string[] = [];
    for (const { entry, key, file } of entries) {
      if ((entry.token === undefined) === (entry.token_sha256 === undefined)) {
        throw new ConfigError('give exactly one of token (the token in clear) and token_sha256 (its hash)', {
          file,
          key,
        });
      }
      if (entry.token !== undefined && entry.token.length < SHORTEST_SAFE_TOKEN) {
        logger.warn({ key }, `${key}: a token of fewer than ${SHORTEST_SAFE_TOKEN} characters is easy to guess`);
      }
      const digest = entry.token !== undefined ? sha256(entry.token) : Buffer.from(entry.token_sha256!, 'hex');
      const same = known.findIndex((k) => k.digest.equals(digest));
      if (same >= 0) throw new ConfigError(`the same token as ${keys[same]}`, { file, key });
      const acls = new AclPatterns(entry.acls, entry.user_uuid);
      known.push({ digest, userUuid: entry.user_uuid, tenant: entry.tenant ?? null, acls });
      keys.push(key);
    }
    this.tokens = known;
    if (known.length === 0) logger.warn({}, 'no static token is configured: every request will get 401');
    else logger.info({ tokens: known.length }, `${known.length} static token(s) loaded`);
  }

  verify(token: string, acl: string, _signal?: AbortSignal): Promise<TokenVerdict> {
    return Promise.resolve(this.verifyNow(token, acl));
  }

  /** Static tokens are all in memory: every verdict is given at once. */
  override verifyNow(token: string, acl: string): TokenVerdict {
    const remembered = this.granted.get(token)?.get(acl);
    if (remembered) return remembered;
    const digest = sha256(token);
    let found: KnownToken | undefined;
    // Every known token is compared, whatever matched before: the time does not tell which one matched.
    for (const known of this.tokens) {
      if (timingSafeEqual(digest, known.digest) && found === undefined) found = known;
    }
    if (found === undefined) return { valid: false, reason: 'unknown token' };
    if (!found.acls.grants(acl)) return { valid: false, reason: `the token does not grant ${acl}` };
    const verdict: TokenVerdict = { valid: true, userUuid: found.userUuid, tenant: found.tenant };
    if (this.grantedCount >= MAX_REMEMBERED) {
      this.granted.clear();
      this.grantedCount = 0;
    }
    let acls = this.granted.get(token);
    if (!acls) this.granted.set(token, (acls = new Map()));
    acls.set(acl, verdict);
    this.grantedCount++;
    return verdict;
  }

  override unload(): void {
    this.tokens = [];
    this.granted.clear();
    this.grantedCount = 0;
  }
}

/** SHA-256 of the token's UTF-8 bytes (what `printf %s TOKEN | sha256sum` prints, in hex). */
function sha256(token: string): Buffer {
  return hash('sha256', token, 'buffer');
}
