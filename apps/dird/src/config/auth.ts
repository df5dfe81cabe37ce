import { isIP } from 'node:net';
import { ConfigError } from '@dird/core';
import { isMapping } from './merge.js';
import type { Origins } from './origins.js';

/** How requests are authenticated, from the `auth` section. */
export type AuthSettings =
  /** No `auth` section, and the API listens on loopback only: no token is asked (warned at start). */
  | { readonly mode: 'none' }
  /** `auth: {enabled: false}`: no token is asked, on purpose (warned at every start). */
  | { readonly mode: 'disabled'; readonly file: string | undefined }
  /** Tokens are checked by the verifier plugin `type` (`dird.auth`), configured by the `auth` block. */
  | { readonly mode: 'verify'; readonly type: string; readonly block: Record<string, unknown> };

/**
 * Reads `auth`. The verifier is `auth.type`, or `wazo` when `auth.host` is set (xivo-dird's layout), or `static`
 * when `auth.tokens` or `auth.tokens_file` is. Secure by default: without an `auth` section the API may listen
 * on loopback addresses only; elsewhere the start is refused, naming `rest_api.listen` and `auth`.
 */
export function authSettings(config: Record<string, unknown>, listen: string, origins: Origins): AuthSettings {
  const section = config.auth;
  const file = origins.of(['auth'])?.label;
  if (section === undefined || section === null) {
    if (isLoopback(listen)) return { mode: 'none' };
    throw new ConfigError(
      `the API would listen on ${listen}, beyond this machine, with no authentication: the directory holds ` +
        'personal data. Configure auth (a wazo-auth server: auth.host; or static tokens: auth.tokens; see ' +
        'docs/security.md), or listen on 127.0.0.1, or set auth.enabled: false to serve it open on purpose',
      { file: origins.of(['rest_api', 'listen'])?.label, key: 'rest_api.listen and auth' },
    );
  }
  if (!isMapping(section)) throw new ConfigError('must be a mapping', { file, key: 'auth' });
  const enabled = section.enabled ?? true;
  if (typeof enabled !== 'boolean') {
    throw new ConfigError('must be true or false', {
      file: origins.of(['auth', 'enabled'])?.label,
      key: 'auth.enabled',
    });
  }
  if (!enabled) return { mode: 'disabled', file: origins.of(['auth', 'enabled'])?.label };
  const type = section.type ?? inferType(section);
  if (typeof type !== 'string' || type === '') {
    throw new ConfigError(
      section.type === undefined
        ? 'say how tokens are checked: auth.host (a wazo-auth server), auth.tokens (static tokens), or auth.type'
        : 'must be the name of a token verifier (wazo, static, or one a plugin package provides)',
      { file: origins.of(['auth', 'type'])?.label ?? file, key: section.type === undefined ? 'auth' : 'auth.type' },
    );
  }
  return { mode: 'verify', type, block: section };
}

function inferType(section: Record<string, unknown>): string | undefined {
  if (section.host !== undefined) return 'wazo';
  if (section.tokens !== undefined || section.tokens_file !== undefined) return 'static';
  return undefined;
}

/** True for an address that only this machine can reach: 127.0.0.0/8, ::1, `localhost`. */
export function isLoopback(address: string): boolean {
  const a = address.replace(/^\[|\]$/g, '').toLowerCase();
  if (a === 'localhost') return true;
  if (isIP(a) === 4) return a.startsWith('127.');
  if (isIP(a) === 6) return a === '::1' || /^::ffff:127\./.test(a) || a === '0:0:0:0:0:0:0:1';
  return false;
}
