import { BaseViewPlugin, checkBlock, ConfigError, type ViewLoadArgs } from '@dird/core';
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
 * The `hello` view: `GET /0.1/hello`. The daemon validates no block for views, so this one
 * checks `views.hello` itself: a mistake fails `load`, and the daemon logs it and leaves the route out.
 */
export class HelloViewPlugin extends BaseViewPlugin<FastifyInstance> {
  load({ config, app, services, logger }: ViewLoadArgs<FastifyInstance>): void {
    const { greeting } = settings(config.hello);
    const loaded = [...services.keys()].sort();
    app.get(HELLO_URL, { schema: routeSchema }, async () => ({ greeting, services: loaded }));
    logger.info(`GET ${HELLO_URL} ready`);
  }
}

function settings(block: unknown): HelloConfig {
  const { value, problems } = checkBlock<HelloConfig>(HelloConfigSchema, block);
  const [problem] = problems;
  if (problem) {
    const key = `views.hello${problem.path === '/' ? '' : problem.path.replace(/\//g, '.')}`;
    throw new ConfigError(problem.message, { key });
  }
  return value;
}
