import { BaseViewPlugin, serviceRef, type ViewLoadArgs } from '@dird/core';
import type { LookupService } from '@dird/service-lookup/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { PhoneViewsConfigSchema, type PhoneViewsConfig } from './config.js';
import { phoneErrorHandler } from './errors.js';
import { PhoneDisplays } from './phone-displays.js';
import { registerPhoneRoutes } from './phone-routes.js';
import type { PhoneVendor } from './vendor.js';

/** The lookup service, which every phone search goes through. */
export const lookupService = serviceRef<LookupService>('lookup');

/**
 * What every phone view shares (one subclass per vendor, each its own entry point, so that a site enables
 * only the vendors it has): the `displays_phone` config, the routes of its vendor, its own error handler.
 */
export abstract class PhoneViewPlugin extends BaseViewPlugin<PhoneViewsConfig, FastifyInstance, FastifyRequest> {
  static override readonly configSchema = PhoneViewsConfigSchema;
  static override readonly needs = [lookupService];

  /** The vendor whose phones this view serves. */
  protected abstract readonly vendor: PhoneVendor;

  load({
    config,
    app,
    services,
    contextOf,
    logger,
  }: ViewLoadArgs<PhoneViewsConfig, FastifyInstance, FastifyRequest>): void {
    const displays = new PhoneDisplays(config, logger);
    app.setErrorHandler(phoneErrorHandler(logger));
    registerPhoneRoutes(app, this.vendor, { lookup: services.require(lookupService), displays, contextOf });
  }
}
