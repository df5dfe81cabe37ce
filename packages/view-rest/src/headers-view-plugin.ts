import { BaseViewPlugin, type ViewLoadArgs } from '@dird/core';
import type { FastifyInstance } from 'fastify';
import { ProfileDisplays } from './profiles.js';
import { errorResponses, headersResponse, profileParams } from './schemas.js';

const headersSchema = {
  summary: "A profile's column headers and types",
  tags: ['lookup'],
  params: profileParams,
  response: { 200: headersResponse, ...errorResponses(404) },
};

/** The `headers_view` view: `GET /0.1/directories/lookup/{profile}/headers`. */
export class HeadersViewPlugin extends BaseViewPlugin<FastifyInstance> {
  load({ config, app, logger }: ViewLoadArgs<FastifyInstance>): void {
    const displays = new ProfileDisplays(config, logger);
    app.get<{ Params: { profile: string } }>(
      '/0.1/directories/lookup/:profile/headers',
      { schema: headersSchema },
      async (request) => {
        const display = displays.get(request.params.profile);
        return { column_headers: display.headers, column_types: display.types };
      },
    );
  }
}
