import type { TSchema } from '@sinclair/typebox';
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

  /** Releases what `load` opened. */
  unload(): Promise<void> | void {}
}

/**
 * True when `acl` is granted by `pattern`, wazo-auth's ACL patterns: segments separated by `.`, `*` matching
 * exactly one segment, `#` any number of segments (none included), `me` in the pattern matching the user's uuid.
 */
export function aclMatches(pattern: string, acl: string, userUuid?: string | null): boolean {
  const want = acl.split('.');
  const have = pattern.split('.');
  const match = (i: number, j: number): boolean => {
    if (i === have.length) return j === want.length;
    const seg = have[i];
    if (seg === '#') {
      for (let k = j; k <= want.length; k++) if (match(i + 1, k)) return true;
      return false;
    }
    if (j === want.length) return false;
    if (seg === '*' || seg === want[j] || (seg === 'me' && userUuid != null && want[j] === userUuid)) {
      return match(i + 1, j + 1);
    }
    return false;
  };
  return match(0, 0);
}
