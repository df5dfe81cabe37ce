import type { ProfileDisplays, RequestContext } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { FavoritesService } from '@dird/service-favorites/contract';
import type { PersonalService } from '@dird/service-personal/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listAnswer } from './render.js';
import { errorResponses, listResponse, profileParams } from './schemas.js';
import { requireUser } from './user.js';

/** The URL of the personal contacts rendered with a profile's display. */
export const PERSONAL_LIST_URL = '/0.1/directories/personal/:profile';

const schema = {
  summary: "The user's personal contacts, with a profile's display",
  description:
    'Every personal contact of the user of the token, formatted by the personal source, with the favorite flags of services.favorites.{profile}.',
  tags: ['personal'],
  params: profileParams,
  response: { 200: listResponse, ...errorResponses(401, 404, 503) },
};

/** `GET /0.1/directories/personal/{profile}` (xivo-dird: view default_json, services personal and favorites). */
export function registerPersonalListRoute(
  app: FastifyInstance,
  personal: PersonalService,
  favorites: FavoritesService | undefined,
  displays: ProfileDisplays,
  contextOf: (request: FastifyRequest) => RequestContext,
): void {
  app.get<{ Params: { profile: string } }>(
    PERSONAL_LIST_URL,
    { schema, config: requireAcl('dird.directories.personal.{profile}.read') },
    async (request) => {
      const context = requireUser(contextOf(request));
      const { profile } = request.params;
      const display = displays.get(profile);
      const [results, ids] = await Promise.all([
        personal.results({ context }),
        favorites?.favoriteIds(profile, { context }),
      ]);
      return listAnswer(display, results, ids);
    },
  );
}
