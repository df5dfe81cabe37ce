import { RequestContext, type Identity } from '@dird/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';

const CONTEXT = 'dirdContext';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request's context, made on first use by {@link contextOf}. */
    [CONTEXT]: RequestContext | null;
  }
}

/** Gives every request a slot for its context (a decorator keeps the request objects of one shape). */
export function installRequestContext(app: FastifyInstance): void {
  app.decorateRequest(CONTEXT, null);
}

/**
 * The context of `request` (for `actingFor`, the user its URL names, when given): the identity authentication found
 * (anonymous without one), due within the server's request
 * timeout. Its signal, made only when a source reads it, aborts when the client goes away (Node closes the
 * request once the answer is out, or when the connection drops first: either way nobody waits any more).
 */
export function contextOf(request: FastifyRequest, actingFor?: Partial<Identity>): RequestContext {
  let context = request[CONTEXT];
  if (!context) {
    const identity = request.dirdIdentity ?? undefined;
    // The raw request closes once the answer is out, or when the client goes away first: nobody waits then.
    context = new RequestContext({
      identity: actingFor ? { ...identity, ...actingFor } : identity,
      closesWith: request.raw,
    });
    request[CONTEXT] = context;
    return context;
  }
  return actingFor ? context.withIdentity(actingFor) : context;
}
