import { AuthUnavailableError } from '@dird/core';

/** Whose a token is, as wazo-auth's token data tells. */
export interface Identity {
  readonly userUuid: string | null;
  readonly tenant: string | null;
}

/**
 * The identity in wazo-auth's `GET /0.1/token/{token}` answer: the user is `data.xivo_user_uuid` when set (a
 * PBX user's token), else `data.auth_id`; the tenant is `data.metadata.tenant_uuid` when set. An answer without
 * `data` is not wazo-auth's (another server on that port): the verifier cannot tell.
 */
export function identityOf(body: string, server: string): Identity {
  let data: unknown;
  try {
    data = (JSON.parse(body) as { data?: unknown } | null)?.data;
  } catch {
    data = undefined;
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    throw new AuthUnavailableError(`Authentication server unreachable: ${server} answered without token data`);
  }
  const record = data as Record<string, unknown>;
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const metadata = record.metadata !== null && typeof record.metadata === 'object' ? record.metadata : {};
  return {
    userUuid: text(record.xivo_user_uuid) ?? text(record.auth_id),
    tenant: text((metadata as Record<string, unknown>).tenant_uuid),
  };
}
