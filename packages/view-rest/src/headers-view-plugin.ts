import { BaseViewPlugin, ProfileDisplays, type ViewLoadArgs } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { FastifyInstance } from 'fastify';
import { JsonViewsConfigSchema, type JsonViewsConfig } from './config.js';
import { errorResponses, headersResponse, profileParams } from './schemas.js';

/** The URL of the headers route. */
export const HEADERS_URL = '/0.1/directories/lookup/:profile/headers';

const headersSchema = {
  summary: "A profile's column headers and types",
  tags: ['lookup'],
  params: profileParams,
  response: { 200: headersResponse, ...errorResponses(404) },
};

/** The `headers_view` view: `GET /0.1/directories/lookup/{profile}/headers`. */
export class HeadersViewPlugin extends BaseViewPlugin<JsonViewsConfig, FastifyInstance> {
  static override readonly configSchema = JsonViewsConfigSchema;

  load({ config, app, logger }: ViewLoadArgs<JsonViewsConfig, FastifyInstance>): void {
    const displays = new ProfileDisplays(config, logger);
    app.get<{ Params: { profile: string } }>(
      HEADERS_URL,
      { schema: headersSchema, config: requireAcl('dird.directories.lookup.{profile}.headers.read') },
      async (request) => {
        const display = displays.get(request.params.profile);
        return { column_headers: display.headers, column_types: display.types };
      },
    );
  }
}
