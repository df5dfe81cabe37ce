import type { ProfileDisplays, RequestContext } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { FavoritesService } from '@dird/service-favorites/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { listAnswer } from './render.js';
import { errorResponses, favoriteParams, listResponse, openApi, profileParams } from './schemas.js';
import { requireUser } from './user.js';

/** The URL of the favorites list. */
export const FAVORITES_URL = '/0.1/directories/favorites/:profile';
/** The URL of one favorite. */
export const FAVORITE_URL = '/0.1/directories/favorites/:directory/:contact';

const listSchema = {
  summary: "The user's favorite contacts of a profile",
  description:
    'Asks the sources of services.favorites.{profile} for the favorites of the user of the token; the favorite column is true in every result.',
  tags: ['favorites'],
  params: profileParams,
  response: { 200: listResponse, ...errorResponses(401, 404, 503) },
};

const favoriteParamsSchema = { tags: ['favorites'], params: favoriteParams };

/**
 * xivo-dird's favorites routes: `GET /0.1/directories/favorites/{profile}`, and `PUT`/`DELETE
 * /0.1/directories/favorites/{directory}/{contact}` (204), for the user of the token.
 */
export function registerFavoritesRoutes(
  app: FastifyInstance,
  favorites: FavoritesService,
  displays: ProfileDisplays,
  contextOf: (request: FastifyRequest) => RequestContext,
): void {
  app.get<{ Params: { profile: string } }>(
    FAVORITES_URL,
    { schema: listSchema, config: requireAcl('dird.directories.favorites.{profile}.read') },
    async (request) => {
      const context = requireUser(contextOf(request));
      const { profile } = request.params;
      const display = displays.get(profile);
      return listAnswer(display, await favorites.favorites(profile, { context }), true);
    },
  );

  type One = { Params: { directory: string; contact: string } };
  app.put<One>(
    FAVORITE_URL,
    {
      schema: openApi({
        ...favoriteParamsSchema,
        summary: 'Make a contact a favorite of the user',
        description:
          '{directory} is the source name and {contact} its unique id (relations.source_entry_id of a lookup result). Neither is checked, as in xivo-dird.',
        response: {
          204: { type: 'null', description: 'Done (also when it already was a favorite).' },
          ...errorResponses(400, 401, 503),
        },
      }),
      config: requireAcl('dird.directories.favorites.{directory}.{contact}.update'),
    },
    async (request, reply) => {
      const context = requireUser(contextOf(request));
      await favorites.add(request.params.directory, request.params.contact, { context });
      return reply.code(204).send();
    },
  );

  app.delete<One>(
    FAVORITE_URL,
    {
      schema: openApi({
        ...favoriteParamsSchema,
        summary: 'Unmark a favorite of the user',
        response: { 204: { type: 'null', description: 'Done.' }, ...errorResponses(401, 404, 503) },
      }),
      config: requireAcl('dird.directories.favorites.{directory}.{contact}.delete'),
    },
    async (request, reply) => {
      const context = requireUser(contextOf(request));
      await favorites.remove(request.params.directory, request.params.contact, { context });
      return reply.code(204).send();
    },
  );
}
