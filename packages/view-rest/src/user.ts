import { HttpError, type RequestContext } from '@dird/core';

/** Why a per-user route refuses a request without a user. */
export const ANONYMOUS_REASON =
  "This route needs an authenticated user: favorites and personal contacts belong to the user of the request's " +
  'token, and this request has none. Enable authentication (the auth section of the config, see ' +
  'docs/security.md) and send the token in X-Auth-Token.';

/** The context of a request made for a user; a 401 in the common shape for an anonymous one. */
export function requireUser(context: RequestContext): RequestContext {
  if (context.identity.userUuid === null || context.identity.userUuid === '') {
    throw new HttpError(401, [ANONYMOUS_REASON]);
  }
  return context;
}
