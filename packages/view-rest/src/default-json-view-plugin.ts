import { BaseViewPlugin, type LookupService, type ReverseService, type ViewLoadArgs } from '@dird/core';
import type { FastifyInstance } from 'fastify';
import { LOOKUP_URL, registerLookupRoute } from './lookup-route.js';
import { ProfileDisplays } from './profiles.js';
import { registerReverseRoute, REVERSE_URL } from './reverse-route.js';

/**
 * The `default_json` view: `GET /0.1/directories/lookup/{profile}` (service `lookup`) and
 * `GET /0.1/directories/reverse/{profile}/{user_uuid}` (service `reverse`). A route whose service is not loaded is
 * left out, and that is logged.
 */
export class DefaultJsonViewPlugin extends BaseViewPlugin<FastifyInstance> {
  load({ config, app, services, logger }: ViewLoadArgs<FastifyInstance>): void {
    const lookup = services.get('lookup') as LookupService | undefined;
    if (lookup) registerLookupRoute(app, lookup, new ProfileDisplays(config, logger));
    else logger.warn(`${LOOKUP_URL} disabled: no service plugin \`lookup\``);
    const reverse = services.get('reverse') as ReverseService | undefined;
    if (reverse) registerReverseRoute(app, reverse);
    else logger.info(`${REVERSE_URL} disabled: no service plugin \`reverse\``);
  }
}
