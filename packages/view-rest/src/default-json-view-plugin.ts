import { BaseViewPlugin, ProfileDisplays, serviceRef, type ViewLoadArgs } from '@dird/core';
import type { FavoritesService } from '@dird/service-favorites/contract';
import type { LookupService } from '@dird/service-lookup/contract';
import type { PersonalService } from '@dird/service-personal/contract';
import type { ReverseService } from '@dird/service-reverse/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { JsonViewsConfigSchema, type JsonViewsConfig } from './config.js';
import { FavoriteFlags } from './favorite-flags.js';
import { FAVORITES_URL, registerFavoritesRoutes } from './favorites-routes.js';
import { LOOKUP_URL, registerLookupRoute } from './lookup-route.js';
import { PERSONAL_LIST_URL, registerPersonalListRoute } from './personal-list-route.js';
import { registerReverseRoute, REVERSE_URL } from './reverse-route.js';

const lookupService = serviceRef<LookupService>('lookup', { optional: true });
const reverseService = serviceRef<ReverseService>('reverse', { optional: true });
const favoritesService = serviceRef<FavoritesService>('favorites', { optional: true });
const personalService = serviceRef<PersonalService>('personal', { optional: true });

/**
 * The `default_json` view: `GET /0.1/directories/lookup/{profile}` (service `lookup`, favorites marked with
 * service `favorites`), `GET /0.1/directories/reverse/{profile}/{user_uuid}` (service `reverse`), the favorites
 * routes (service `favorites`) and `GET /0.1/directories/personal/{profile}` (service `personal`). A route whose
 * service is not loaded is left out, and that is logged.
 */
export class DefaultJsonViewPlugin extends BaseViewPlugin<JsonViewsConfig, FastifyInstance, FastifyRequest> {
  static override readonly configSchema = JsonViewsConfigSchema;
  static override readonly needs = [lookupService, reverseService, favoritesService, personalService];

  load({
    config,
    app,
    services,
    contextOf,
    logger,
  }: ViewLoadArgs<JsonViewsConfig, FastifyInstance, FastifyRequest>): void {
    const displays = new ProfileDisplays(config, logger);
    const favorites = services.get(favoritesService);
    const lookup = services.get(lookupService);
    if (lookup) registerLookupRoute(app, lookup, displays, contextOf, new FavoriteFlags(favorites, logger));
    else logger.warn(`${LOOKUP_URL} disabled: no service plugin \`lookup\``);
    const reverse = services.get(reverseService);
    if (reverse) registerReverseRoute(app, reverse, contextOf);
    else logger.info(`${REVERSE_URL} disabled: no service plugin \`reverse\``);
    if (favorites) registerFavoritesRoutes(app, favorites, displays, contextOf);
    else logger.info(`${FAVORITES_URL} disabled: no service plugin \`favorites\``);
    const personal = services.get(personalService);
    if (personal) registerPersonalListRoute(app, personal, favorites, displays, contextOf);
    else logger.info(`${PERSONAL_LIST_URL} disabled: no service plugin \`personal\``);
  }
}
