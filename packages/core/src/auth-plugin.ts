import type { TSchema } from '@sinclair/typebox';
import type { Health } from './health.js';
import { DirdError, ErrorCodes } from './errors.js';
import type { PluginLoadArgs } from './plugin-args.js';
import type { ServiceRef } from './service-ref.js';

/** What a token verifier says of a token and an ACL. */
export type TokenVerdict =
  /** The token is valid and grants the ACL; who it belongs to. */
  | { readonly valid: true; readonly userUuid: string | null; readonly tenant: string | null }
  /** The token is unknown, expired, or does not grant the ACL (the request gets 401); why, for the debug log. */
  | { readonly valid: false; readonly reason: string };

/** The verifier cannot tell (its server is down or too slow): the request gets 503, never a guess. */
export class AuthUnavailableError extends DirdError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(ErrorCodes.AUTH_UNAVAILABLE, message, options);
    this.name = 'AuthUnavailableError';
  }
}

/**
 * A token verifier (`dird.auth`): the host asks it, for every request of a route that requires an ACL, whether
 * the request's token grants that ACL (the template with the request's values). The config's `auth.type` picks
 * the one verifier (`wazo`, `static`, or a site's own); its `configSchema` validates the `auth` section.
 */
export abstract class BaseAuthPlugin<C = unknown> {
  /** Brand the registry checks instead of duck typing. */
  static readonly pluginKind = 'auth';
  /** JSON Schema (TypeBox) of the `auth` section (`type` and `enabled` are the host's). */
  static readonly configSchema?: TSchema;
  /** The services the verifier uses. */
  static readonly needs: readonly ServiceRef<unknown>[] = [];

  /** Opens what the verifier needs (a connection pool, a token file). */
  abstract load(args: PluginLoadArgs<C>): Promise<void> | void;

  /**
   * Whether `token` grants `acl`, and whose it is. Never throws for a bad token (that is a verdict); throws
   * {@link AuthUnavailableError} when it cannot tell. Stops when `signal` aborts. Never logs the token.
   */
  abstract verify(token: string, acl: string, signal: AbortSignal): Promise<TokenVerdict>;

  /**
   * The verdict at once, when the verifier can give it without waiting (tokens held in memory, a verdict it
   * remembers); undefined: ask {@link BaseAuthPlugin.verify}. The host asks this first on every request: a
   * check answered here costs no promise. The default never answers.
   */
  verifyNow(_token: string, _acl: string): TokenVerdict | undefined {
    return undefined;
  }

  /** Releases what `load` opened. */
  unload(): Promise<void> | void {}

  /**
   * How the verifier's server works now, for `GET /0.1/status`; undefined (the default): it has nothing to say. Called
   * only when the status is asked: answer what you kept (a `HealthTracker`), do no I/O here.
   */
  health(): Health | undefined {
    return undefined;
  }
}

/**
 * True when `acl` is granted by `pattern`, with wazo-auth's semantics (its `AccessCheck`): `*` stands for any
 * run of characters other than `.` and `#` (so one segment, or part of one: `dird.*.read`, `lookup.def*`),
 * `#` for any run of characters at all (`dird.#` grants `dird.x` and `dird.x.y`, but not `dird` itself); a
 * segment `me` also matches `userUuid`, a segment `edit` also matches `update` (wazo's deprecated suffix); every
 * other character is literal. A negative pattern (`!dird.x`) grants nothing: see {@link aclGrants}. Linear in
 * the ACL's length whatever the pattern (no backtracking).
 */
export function aclMatches(pattern: string, acl: string, userUuid?: string | null): boolean {
  if (pattern.startsWith('!')) return false;
  return matchTokens(compileAclPattern(pattern, userUuid), acl);
}

/**
 * True when the token's `patterns` grant `acl`, as wazo-auth decides: no negative pattern (`!dird.personal.#`)
 * matches it, and at least one positive pattern does ({@link aclMatches}). Compiles the patterns at each call:
 * a verifier asking often keeps an {@link AclPatterns} instead.
 */
export function aclGrants(patterns: readonly string[], acl: string, userUuid?: string | null): boolean {
  return new AclPatterns(patterns, userUuid).grants(acl);
}

/** A token's ACL patterns compiled once (for its user), asked for many ACLs: {@link aclGrants} without the cost. */
export class AclPatterns {
  private readonly positive: readonly AclToken[][];
  private readonly negative: readonly AclToken[][];

  constructor(patterns: readonly string[], userUuid?: string | null) {
    this.positive = patterns.filter((p) => !p.startsWith('!')).map((p) => compileAclPattern(p, userUuid));
    this.negative = patterns.filter((p) => p.startsWith('!')).map((p) => compileAclPattern(p.slice(1), userUuid));
  }

  /** True when no negative pattern matches `acl` and a positive one does. */
  grants(acl: string): boolean {
    for (const tokens of this.negative) if (matchTokens(tokens, acl)) return false;
    for (const tokens of this.positive) if (matchTokens(tokens, acl)) return true;
    return false;
  }
}

/** One piece of a compiled pattern: literal text, one of several literal texts, or a wildcard. */
type AclToken = string | readonly string[] | typeof STAR | typeof HASH;
const STAR = 0;
const HASH = 1;

function compileAclPattern(pattern: string, userUuid: string | null | undefined): AclToken[] {
  const tokens: AclToken[] = [];
  let literal = '';
  const flush = () => {
    if (literal) tokens.push(literal);
    literal = '';
  };
  pattern.split('.').forEach((segment, i) => {
    if (i > 0) literal += '.';
    // Reserved words are whole segments only, as wazo-auth replaces them.
    const alternatives =
      segment === 'me' && userUuid ? ['me', userUuid] : segment === 'edit' ? ['edit', 'update'] : undefined;
    if (alternatives) {
      flush();
      tokens.push(alternatives);
      return;
    }
    for (const ch of segment) {
      if (ch === '*' || ch === '#') {
        flush();
        tokens.push(ch === '*' ? STAR : HASH);
      } else {
        literal += ch;
      }
    }
  });
  flush();
  return tokens;
}

/** Runs the pattern over `acl` keeping the set of reachable positions (a Thompson-style simulation). */
function matchTokens(tokens: readonly AclToken[], acl: string): boolean {
  // Most patterns are plain text (`dird.directories.lookup.default.read`) or text around one wildcard: the
  // literal ends settle most answers before the general walk.
  const first = tokens[0];
  const last = tokens[tokens.length - 1];
  if (tokens.length <= 1 && (first === undefined || typeof first === 'string')) return acl === (first ?? '');
  if (typeof first === 'string' && !acl.startsWith(first)) return false;
  if (typeof last === 'string' && !acl.endsWith(last)) return false;
  const n = acl.length;
  let reach = new Uint8Array(n + 1);
  let next = new Uint8Array(n + 1);
  reach[0] = 1;
  for (const token of tokens) {
    next.fill(0);
    let any = false;
    if (token === STAR || token === HASH) {
      for (let p = 0; p <= n; p++) {
        if (reach[p] || (p > 0 && next[p - 1] && (token === HASH || (acl[p - 1] !== '.' && acl[p - 1] !== '#')))) {
          next[p] = 1;
          any = true;
        }
      }
    } else {
      const options = typeof token === 'string' ? [token] : token;
      for (let p = 0; p <= n; p++) {
        if (!reach[p]) continue;
        for (const text of options) {
          if (acl.startsWith(text, p)) {
            next[p + text.length] = 1;
            any = true;
          }
        }
      }
    }
    if (!any) return false;
    [reach, next] = [next, reach];
  }
  return reach[n] === 1;
}
