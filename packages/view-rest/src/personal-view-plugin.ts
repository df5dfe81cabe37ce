import { BaseViewPlugin, serviceRef, Type, type ViewLoadArgs } from '@dird/core';
import type { PersonalService } from '@dird/service-personal/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerPersonalRoutes } from './personal-routes.js';
import { installBodyHandling } from './request-body.js';

const personalService = serviceRef<PersonalService>('personal');

/**
 * The `personal_view` view: xivo-dird's `/0.1/personal` routes (list and export as CSV, create, purge, import from
 * CSV, read, replace and delete one contact) for the user of the token. It needs the `personal` service, which is
 * loaded with it when installed.
 */
export class PersonalViewPlugin extends BaseViewPlugin<Record<string, never>, FastifyInstance, FastifyRequest> {
  // It reads no key of the views section.
  static override readonly configSchema = Type.Object({}, { default: {} });
  static override readonly needs = [personalService];

  load({ app, services, contextOf }: ViewLoadArgs<Record<string, never>, FastifyInstance, FastifyRequest>): void {
    installBodyHandling(app);
    registerPersonalRoutes(app, services.require(personalService), contextOf);
  }
}
