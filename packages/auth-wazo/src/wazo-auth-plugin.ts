import {
  AuthUnavailableError,
  BaseAuthPlugin,
  certificateCheck,
  HealthTracker,
  silentLogger,
  ThrottledLog,
  type Health,
  type Logger,
  type PluginLoadArgs,
  type TokenVerdict,
} from '@dird/core';
import { hash } from 'node:crypto';
import { WazoAuthConfigSchema, type WazoAuthConfig } from './config.js';
import { identityOf, type Identity } from './identity.js';
import { InFlight } from './in-flight.js';
import { TokenClient, type TokenAnswer } from './token-client.js';
import { TtlCache } from './ttl-cache.js';

/** What a wazo-auth token looks like at most: printable ASCII (a UUID in practice), of a sane length. */
const PLAUSIBLE_TOKEN = /^[\x21-\x7e]{1,4096}$/;

/**
 * The `wazo` token verifier: asks wazo-auth (xivo-auth) `HEAD /0.1/token/{token}?scope={acl}` (204: granted),
 * then `GET /0.1/token/{token}` once per token for whose it is. Positive answers are kept `cache_ttl` seconds,
 * refusals never; identical checks running at once share one request. A server that cannot be reached, is
 * too slow or answers 5xx makes {@link AuthUnavailableError} (the request gets 503), never a guess.
 */
export class WazoAuthPlugin extends BaseAuthPlugin<WazoAuthConfig> {
  static override readonly configSchema = WazoAuthConfigSchema;

  private client: TokenClient | undefined;
  private timeoutMs = 0;
  private verdicts = new TtlCache<TokenVerdict>(0, 1);
  private identities = new TtlCache<Identity>(0, 1);
  private readonly checks = new InFlight<TokenVerdict>();
  private readonly identityFetches = new InFlight<Identity | null>();
  private logger: Logger = silentLogger;
  private problems = new ThrottledLog(silentLogger);
  private server = new HealthTracker();

  async load({ config, logger }: PluginLoadArgs<WazoAuthConfig>): Promise<void> {
    const { verify, ca } = await certificateCheck(config.verify_certificate, 'auth.verify_certificate');
    const prefix = config.prefix ? `/${config.prefix.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '') : '';
    this.timeoutMs = config.timeout * 1000;
    this.client = new TokenClient({
      host: config.host,
      port: config.port,
      https: config.https,
      prefix,
      verifyCertificate: verify,
      ca,
    });
    const ttlMs = config.cache_ttl * 1000;
    this.verdicts = new TtlCache(ttlMs, config.cache_size);
    this.identities = new TtlCache(ttlMs, config.cache_size);
    this.logger = logger;
    this.problems = new ThrottledLog(logger);
    this.server = new HealthTracker(this.client.base);
    logger.info(
      { url: this.client.base, timeout: config.timeout, cache_ttl: config.cache_ttl },
      `tokens checked against wazo-auth at ${this.client.base}`,
    );
  }

  /** A verdict remembered for (token, ACL), or the refusal of a token wazo-auth cannot have issued. */
  override verifyNow(token: string, acl: string): TokenVerdict | undefined {
    if (!PLAUSIBLE_TOKEN.test(token)) return { valid: false, reason: 'not a token wazo-auth issues' };
    return this.verdicts.get(grantKey(token, acl));
  }

  async verify(token: string, acl: string, signal: AbortSignal): Promise<TokenVerdict> {
    if (!PLAUSIBLE_TOKEN.test(token)) return { valid: false, reason: 'not a token wazo-auth issues' };
    const cached = this.verdicts.get(grantKey(token, acl));
    if (cached) return cached;
    // Logs, identities and checks in flight know tokens by their hash only.
    const tokenKey = hash('sha256', token, 'base64');
    const key = `${tokenKey} ${acl}`;
    const verdict = await this.checks.run(key, (s) => this.check(token, tokenKey, acl, s), signal, 'token check');
    if (!verdict.valid) {
      const ref = Buffer.from(tokenKey, 'base64').toString('hex').slice(0, 12);
      this.logger.debug({ token: ref, acl, reason: verdict.reason }, 'token refused');
    }
    return verdict;
  }

  /** Whether wazo-auth answered the last check asked of it (checks answered from the cache do not count). */
  override health(): Health {
    return this.server.current;
  }

  override unload(): void {
    this.client?.close();
    this.verdicts.clear();
    this.identities.clear();
  }

  /** One check of (token, ACL) against the server. */
  private async check(token: string, tokenKey: string, acl: string, signal: AbortSignal): Promise<TokenVerdict> {
    try {
      const head = await this.ask('HEAD', this.client!.tokenPath(token, acl), signal);
      if (head.status !== 204) return { valid: false, reason: refusal(head.status, acl) };
      const identity =
        this.identities.get(tokenKey) ??
        (await this.identityFetches.run(tokenKey, (s) => this.fetchIdentity(token, tokenKey, s), signal, 'token'));
      if (identity === null) return { valid: false, reason: 'the token expired or was revoked during the check' };
      const verdict: TokenVerdict = { valid: true, userUuid: identity.userUuid, tenant: identity.tenant };
      this.verdicts.set(grantKey(token, acl), verdict);
      return verdict;
    } catch (err) {
      if (err instanceof AuthUnavailableError) this.problems.warn('unavailable', {}, err.message);
      throw err;
    }
  }

  /** `GET /0.1/token/{token}`: whose token it is; null when the server no longer knows it. */
  private async fetchIdentity(token: string, tokenKey: string, signal: AbortSignal): Promise<Identity | null> {
    const answer = await this.ask('GET', this.client!.tokenPath(token), signal);
    if (answer.status !== 200) return null;
    const identity = identityOf(answer.body, this.client!.base);
    this.identities.set(tokenKey, identity);
    return identity;
  }

  /** One request, within `timeout` seconds (per request, as the wazo clients count it) and `signal`. */
  private async ask(method: 'HEAD' | 'GET', path: string, signal: AbortSignal): Promise<TokenAnswer> {
    const client = this.client!;
    const timeout = AbortSignal.timeout(this.timeoutMs);
    try {
      const answer = await client.request(method, path, AbortSignal.any([signal, timeout]));
      this.server.ok();
      return answer;
    } catch (err) {
      if (err instanceof AuthUnavailableError) this.server.failed(err.message);
      if (!timeout.aborted || signal.aborted) throw err;
      const late = new AuthUnavailableError(
        `Authentication server unreachable: ${client.base} did not answer within ${this.timeoutMs / 1000} s`,
      );
      this.server.failed(late.message);
      throw late;
    }
  }
}

/**
 * The key of a granted (token, ACL) in the verdict cache: the token itself, as the static verifier keeps its
 * grants (a SHA-256 per request was 3% of a lookup's CPU: docs/benchmarks.md, findings 18 and 24). The cache
 * lives in memory only and holds granted tokens only, each for at most `cache_ttl` seconds; a token never
 * reaches a log. A hit answers only for a token wazo-auth granted, so its timing tells nothing the answer does
 * not; a miss asks wazo-auth. A token holds no space (PLAUSIBLE_TOKEN): the pair is unambiguous.
 */
function grantKey(token: string, acl: string): string {
  return `${token} ${acl}`;
}

/** Why wazo-auth said no, for the debug log (its statuses: 404 unknown or expired, 403 ACL not granted). */
function refusal(status: number, acl: string): string {
  if (status === 404) return 'unknown or expired token (wazo-auth: 404)';
  if (status === 403) return `the token does not grant ${acl} (wazo-auth: 403)`;
  return `wazo-auth answered ${status}`;
}
