import {
  compileAcl,
  describeError,
  errorBody,
  type BaseAuthPlugin,
  type Identity,
  type RouteAccess,
  type TokenVerdict,
} from '@dird/core';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler } from 'fastify';

const IDENTITY = 'dirdIdentity';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who the request's token belongs to, once the route's ACL was checked; null: anonymous. */
    [IDENTITY]: Identity | null;
  }
}

/** A token longer than this is refused without asking the verifier (wazo-auth's tokens are uuids). */
export const MAX_TOKEN_LENGTH = 512;

/** The signal every check gets: a check is not stopped when its client goes away (others may share it). */
const NEVER = new AbortController().signal;

/** Options of {@link installAccessControl}. */
export interface AccessOptions {
  /** The token verifier; absent when no authentication is configured (no token is asked). */
  readonly verifier?: BaseAuthPlugin;
}

/**
 * Checks every route's declared access on every request, before anything else of the route runs (so a request
 * with neither token nor term gets 401, not 400): a route requiring an ACL needs an `X-Auth-Token` that the
 * verifier says grants it, the template's `{params}` filled with the request's path values (`.` becoming
 * `_`, reference §7.1). Refusals answer 401, a verifier that cannot tell 503, both in the common error shape
 * whatever the view's own error handler. Without a verifier, nothing is checked.
 */
export function installAccessControl(app: FastifyInstance, options: AccessOptions): void {
  app.decorateRequest(IDENTITY, null);
  const { verifier } = options;
  if (!verifier) return;
  app.addHook('onRoute', (route) => {
    const access = (route.config as { access?: RouteAccess } | undefined)?.access;
    if (!access || !('acl' in access)) return;
    const check = aclCheck(verifier, access.acl);
    route.onRequest = [check, ...(route.onRequest === undefined ? [] : [route.onRequest].flat())];
  });
}

function aclCheck(verifier: BaseAuthPlugin, template: string): onRequestHookHandler {
  const render = compileAcl(template);
  // Callback style, not async: most checks are answered at once (verifyNow), and then cost no promise.
  return function checkAcl(request: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) {
    const token = request.headers['x-auth-token'];
    if (typeof token !== 'string' || token === '' || token.length > MAX_TOKEN_LENGTH) {
      return void refuse(reply, 401, ['Unauthorized']);
    }
    const acl = render(request.params as Record<string, unknown>);
    const settle = (verdict: TokenVerdict) => {
      if (verdict.valid) {
        request[IDENTITY] = { userUuid: verdict.userUuid, token, tenant: verdict.tenant };
        return done();
      }
      request.log.debug({ acl, why: verdict.reason }, `401: the token does not grant ${acl}`);
      refuse(reply, 401, ['Unauthorized']);
    };
    let now: TokenVerdict | undefined;
    try {
      now = verifier.verifyNow(token, acl);
    } catch (err) {
      return unreachable(request, reply, acl, err);
    }
    if (now) return settle(now);
    // The verifier bounds its own waits (wazo-auth's `timeout`); the server's request timeout bounds the rest.
    verifier.verify(token, acl, NEVER).then(settle, (err: unknown) => unreachable(request, reply, acl, err));
  };
}

function unreachable(request: FastifyRequest, reply: FastifyReply, acl: string, err: unknown): void {
  request.log.warn({ acl, err: describeError(err) }, `token check failed: ${describeError(err)}`);
  refuse(reply, 503, ['Authentication server unreachable']);
}

function refuse(reply: FastifyReply, status: number, reasons: string[]): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(JSON.stringify(errorBody(status, reasons)));
}
