import { BaseViewPlugin, type ViewLoadArgs } from '@dird/core';
import { requireAcl } from '@dird/core/fastify';
import type { FastifyInstance } from 'fastify';
import { HelloConfigSchema, type HelloConfig } from './config.js';

/** The URL of the `hello` view's route. */
export const HELLO_URL = '/0.1/hello';

const routeSchema = {
  summary: 'A greeting, and the services this daemon loaded',
  tags: ['hello'],
  response: {
    200: {
      type: 'object',
      required: ['greeting', 'services'],
      properties: {
        greeting: { type: 'string', description: 'views.hello.greeting' },
        services: { type: 'array', items: { type: 'string' }, description: 'The loaded services, sorted.' },
      },
    },
  },
} as const;

/**
 * The `hello` view: `GET /0.1/hello`, on the view's own Fastify scope. Its route declares the
 * ACL it needs; it answers the configured greeting and the services the start-up report says loaded.
 */
export class HelloViewPlugin extends BaseViewPlugin<HelloConfig, FastifyInstance> {
  static override readonly configSchema = HelloConfigSchema;

  load({ config, app, report, logger }: ViewLoadArgs<HelloConfig, FastifyInstance>): void {
    const { greeting } = config.hello;
    const access = requireAcl('dird.hello.read');
    app.get(HELLO_URL, { schema: routeSchema, config: access }, async () => ({
      greeting,
      // Read at request time: the report is complete once the daemon listens.
      services: report.entries
        .filter((e) => e.subject === 'service' && e.state === 'loaded')
        .map((e) => e.name)
        .sort(),
    }));
    logger.info(`GET ${HELLO_URL} ready`);
  }
}
