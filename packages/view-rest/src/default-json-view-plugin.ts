import { BaseViewPlugin, renderColumnValues, type LookupService, type ViewLoadArgs } from '@dird/core';
import type { FastifyInstance } from 'fastify';
import { ProfileDisplays } from './profiles.js';
import { errorResponses, lookupQuery, lookupResponse, profileParams } from './schemas.js';

interface LookupRequest {
  Params: { profile: string };
  Querystring: { term: string; limit?: number; offset?: number };
}

const lookupSchema = {
  summary: 'Search every source of a profile',
  description:
    "Searches the sources of services.lookup.{profile} in parallel and merges their results in the profile's source order.",
  tags: ['lookup'],
  params: profileParams,
  querystring: lookupQuery,
  response: { 200: lookupResponse, ...errorResponses(400, 404) },
};

/** The `default_json` view: `GET /0.1/directories/lookup/{profile}?term=`. */
export class DefaultJsonViewPlugin extends BaseViewPlugin<FastifyInstance> {
  load({ config, app, services, logger }: ViewLoadArgs<FastifyInstance>): void {
    const url = '/0.1/directories/lookup/:profile';
    const lookup = services.get('lookup') as LookupService | undefined;
    if (!lookup) {
      logger.warn(`${url} disabled: no service plugin \`lookup\``);
      return;
    }
    const displays = new ProfileDisplays(config, logger);
    app.get<LookupRequest>(url, { schema: lookupSchema }, async (request) => {
      const { profile } = request.params;
      const { term, limit, offset } = request.query;
      const display = displays.get(profile);
      const results = await lookup.lookup(profile, term, { limit, offset });
      return {
        column_headers: display.headers,
        column_types: display.types,
        results: results.map((r) => ({
          column_values: renderColumnValues(display, r),
          relations: r.relations,
          source: r.source,
          backend: r.backend,
        })),
        term,
      };
    });
  }
}
