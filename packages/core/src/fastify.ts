/**
 * `@dird/core/fastify`: what a view built on Fastify imports to declare what each route needs. Importing it also
 * types the `access` key of Fastify's route `config`.
 */
import type {} from 'fastify';
import type { RouteAccess } from './route-access.js';

export { publicRoute, requireAcl, type RouteAccess } from './route-access.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the route needs: `requireAcl(template)` or `publicRoute()`. The host refuses a route without it. */
    access?: RouteAccess;
  }
}
