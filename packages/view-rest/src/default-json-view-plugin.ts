import { BaseViewPlugin, ProfileDisplays, serviceRef, type ViewLoadArgs } from '@dird/core';
import type { LookupService } from '@dird/service-lookup/contract';
import type { ReverseService } from '@dird/service-reverse/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JsonViewsConfigSchema, type JsonViewsConfig } from './config.js';
import { LOOKUP_URL, registerLookupRoute } from './lookup-route.js';
import { registerReverseRoute, REVERSE_URL } from './reverse-route.js';

const lookupService = serviceRef<LookupService>('lookup', { optional: true });
const reverseService = serviceRef<ReverseService>('reverse', { optional: true });

/**
 * The `default_json` view: `GET /0.1/directories/lookup/{profile}` (service `lookup`) and
 * `GET /0.1/directories/reverse/{profile}/{user_uuid}` (service `reverse`). A route whose service is not loaded is
 * left out, and that is logged.
 */
export class DefaultJsonViewPlugin extends BaseViewPlugin<JsonViewsConfig, FastifyInstance, FastifyRequest> {
  static override readonly configSchema = JsonViewsConfigSchema;
  static override readonly needs = [lookupService, reverseService];

  load({
    config,
    app,
    services,
    contextOf,
    logger,
  }: ViewLoadArgs<JsonViewsConfig, FastifyInstance, FastifyRequest>): void {
    const lookup = services.get(lookupService);
    if (lookup) registerLookupRoute(app, lookup, new ProfileDisplays(config, logger), contextOf);
    else logger.warn(`${LOOKUP_URL} disabled: no service plugin \`lookup\``);
    const reverse = services.get(reverseService);
    if (reverse) registerReverseRoute(app, reverse, contextOf);
    else logger.info(`${REVERSE_URL} disabled: no service plugin \`reverse\``);
  }
}
