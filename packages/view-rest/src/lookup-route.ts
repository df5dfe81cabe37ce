import { renderColumnValues, type ProfileDisplays, type RequestContext } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { LookupService } from '@dird/service-lookup/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  app.get<LookupRequest>(LOOKUP_URL, { schema: lookupSchema, config }, async (request, reply) => {
    const { profile } = request.params;
    const { term, limit, offset } = request.query;
    const display = displays.get(profile);
    const context = contextOf(request);
    // Read while the lookup runs: a favorite flag costs no wait of its own.
    const marking = flags.read(profile, display, context);
    const results = await lookup.lookup(profile, term, { limit, offset, context });
    const ids = marking instanceof Promise ? await marking : marking;
    const answer = {
      column_headers: display.headers,
      column_types: display.types,
      results: results.map((r) => ({
        column_values: renderColumnValues(display, r, isFavorite(ids, r)),
        relations: r.relations,
        source: r.source,
        backend: r.backend,
      })),
      term,
    };
    // The answer is built with exactly the keys of the response schema, whose loosely typed parts (`{}`:
    // column values and relations) make the schema-compiled serializer call JSON.stringify value by value:
    // one JSON.stringify of the whole answer is a quarter faster (docs/benchmarks.md). Set here, once the
    // answer is built, so that errors thrown above keep the error serializer. Fastify sets no content type
    // on a reply given its own serializer: set here.
    reply.serializer(JSON.stringify).header('content-type', JSON_TYPE);
    return answer;
  });
}
