// What the plugin needs from an LDAP client library, whichever implements it (ldap-client.ts: ldapjs).
import type { LdapFilter } from './filter.js';

/** One entry as the client library hands it over: attribute types as the server spells them, raw values. */
export interface RawEntry {
  readonly dn: string;
  readonly attributes: readonly { readonly type: string; readonly values: readonly Buffer[] }[];
}

/** How a call failed: server unreachable or gone, too slow, said no, stopped by us, or too many waiting. */
export type LdapFailure = 'connection' | 'timeout' | 'ldap' | 'aborted' | 'busy';

/** A failed LDAP call; `resultCode` is the RFC 4511 name (`invalidCredentials`, `noSuchObject`, …). */
export class LdapClientError extends Error {
  constructor(
    readonly kind: LdapFailure,
    message: string,
    readonly resultCode?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LdapClientError';
  }
}

/** Where and how to connect. */
export interface ConnectOptions {
  readonly uri: string;
  /** Budget of the TCP (and TLS) connection, and of the bind. */
  readonly timeoutMs: number;
  readonly tls?: { readonly ca?: readonly Buffer[]; readonly rejectUnauthorized: boolean };
}

/** One search. `sizeLimit` 0 means none; `pageSize` > 0 asks for paged results (RFC 2696), each page having `timeoutMs`. */
export interface SearchRequest {
  readonly base: string;
  readonly filter: LdapFilter;
  readonly attributes: readonly string[];
  readonly sizeLimit: number;
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** The entries, and whether a size limit (ours or the server's) cut the answer short. */
export interface SearchResult {
  readonly entries: RawEntry[];
  readonly truncated: boolean;
}
