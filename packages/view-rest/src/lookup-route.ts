import {
  JsonAnswer,
  jsonString,
  writeEntry,
  type Display,
  type ProfileDisplays,
  type RequestContext,
  type SourceResult,
} from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { LookupService } from '@dird/service-lookup/contract';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FavoriteIds } from '@dird/service-favorites/contract';
import { isFavorite, type FavoriteFlags } from './favorite-flags.js';
import { errorResponses, JSON_TYPE, lookupQuery, lookupResponse, profileParams } from './schemas.js';

interface LookupRequest {
  Params: { profile: string };
  Querystring: { term: string; limit?: number; offset?: number };
}

/** The URL of the lookup route. */
export const LOOKUP_URL = '/0.1/directories/lookup/:profile';

const lookupSchema = {
  summary: 'Search every source of a profile',
  description:
    "Searches the sources of services.lookup.{profile} in parallel and merges their results in the profile's source order. " +
    "A column of type favorite shows whether the result is one of the user's favorites.",
  tags: ['lookup'],
  params: profileParams,
  querystring: lookupQuery,
  response: { 200: lookupResponse, ...errorResponses(400, 404) },
};

/** `GET /0.1/directories/lookup/{profile}?term=`: the xivo-dird lookup answer. */
export function registerLookupRoute(
  app: FastifyInstance,
  lookup: LookupService,
  displays: ProfileDisplays,
  contextOf: (request: FastifyRequest) => RequestContext,
  flags: FavoriteFlags,
): void {
  const config = requireAcl('dird.directories.lookup.{profile}.read');
  // Not an async handler: when the sources (and the favorites) answer at once, so does the route, and the answer
  // is sent in the same turn, with no promise made (docs/benchmarks.md, finding 29).
  app.get<LookupRequest>(LOOKUP_URL, { schema: lookupSchema, config }, (request, reply) => {
    const { profile } = request.params;
    const { term, limit, offset } = request.query;
    const display = displays.get(profile);
    const context = contextOf(request);
    // Read while the lookup runs: a favorite flag costs no wait of its own.
    const marking = flags.read(profile, display, context);
    const options = { limit, offset, context };
    const results = lookup.lookupNow ? lookup.lookupNow(profile, term, options) : lookup.lookup(profile, term, options);
    if (results instanceof Promise || marking instanceof Promise) {
      return Promise.all([results, marking]).then(([found, ids]) => answer(reply, display, term, found, ids));
    }
    return answer(reply, display, term, results, marking);
  });
}

/**
 * The answer as UTF-8 bytes: each result appends its own entry (a CSV row's prepared at load, docs/benchmarks.md,
 * finding 22), the rest is the display's, rendered once. Fastify sends a Buffer as it is; errors thrown before
 * still go through the error serializer.
 */
function answer(
  reply: FastifyReply,
  display: Display,
  term: string,
  results: readonly SourceResult[],
  ids: FavoriteIds | undefined,
): Buffer {
  const out = new JsonAnswer();
  out.text(display.answerHead);
  for (let i = 0; i < results.length; i++) {
    if (i > 0) out.comma();
    writeEntry(out, display, results[i], isFavorite(ids, results[i]));
  }
  out.text(`],"term":${jsonString(term)}}`);
  reply.header('content-type', JSON_TYPE);
  // A large answer's buffer is used again once this response has closed (its bytes sent or dropped).
  return out.toBuffer(reply.raw);
}
